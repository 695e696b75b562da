// GNU extensions that Swift's Glibc module does not expose.
#ifndef PASSLAB_CPROCESS_H
#define PASSLAB_CPROCESS_H
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically.
int passlab_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29+).
int passlab_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Makes this process's address layout deterministic: if address-space
/// randomisation is on, turns it off (personality ADDR_NO_RANDOMIZE) and
/// re-executes /proc/self/exe with the same arguments. Returns only when
/// randomisation is already off or cannot be changed (then -1).
int passlab_reexec_without_aslr(char *const argv[]);

#endif

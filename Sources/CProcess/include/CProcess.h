// GNU extensions that Swift's Glibc module does not expose.
#ifndef PASSLAB_CPROCESS_H
#define PASSLAB_CPROCESS_H
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically.
int passlab_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29+).
int passlab_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif

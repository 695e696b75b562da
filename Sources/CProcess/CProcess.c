#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/personality.h>
#include "CProcess.h"

int passlab_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int passlab_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int passlab_reexec_without_aslr(char *const argv[]) {
    int current = personality(0xffffffff);
    if (current == -1 || (current & ADDR_NO_RANDOMIZE)) return current == -1 ? -1 : 0;
    if (personality((unsigned long)current | ADDR_NO_RANDOMIZE) == -1) return -1;
    execv("/proc/self/exe", argv);
    return -1;
}

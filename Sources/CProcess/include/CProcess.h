// GNU extensions that Swift's Glibc module does not expose.
#ifndef PASSLAB_CPROCESS_H
#define PASSLAB_CPROCESS_H
#include <spawn.h>
#include <sys/types.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically.
int passlab_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29+).
int passlab_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Makes this process's address layout deterministic: if address-space
/// randomisation is on, turns it off (personality ADDR_NO_RANDOMIZE) and
/// re-executes /proc/self/exe with the same arguments. Returns only when
/// randomisation is already off or cannot be changed (then -1).
int passlab_reexec_without_aslr(char *const argv[]);

/// Resource limits applied in the child before exec. A value below zero
/// leaves that limit as inherited.
struct passlab_limits {
    long long cpu_seconds;      // RLIMIT_CPU (SIGXCPU, then SIGKILL)
    long long address_space;    // RLIMIT_AS, bytes
    long long file_size;        // RLIMIT_FSIZE, bytes
    long long core_size;        // RLIMIT_CORE, bytes (0: never a core file)
    long long open_files;       // RLIMIT_NOFILE
};

/// posix_spawn cannot set resource limits, so this forks and, in the child,
/// calls only async-signal-safe functions: new process group, default signal
/// dispositions and an empty mask, stdin/stdout/stderr from the given
/// descriptors (-1: inherit), chdir, setrlimit, execve. `path` must name the
/// executable (no PATH search). Returns the child's pid, or -1 with `*error`
/// set to the errno of whichever step failed (exec failures included).
pid_t passlab_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            int in_fd, int out_fd, int err_fd, const struct passlab_limits *limits, int *error);

/// On a crash of this process (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
/// SIGTRAP), writes `message` and the signal number to `log_fd` (when not
/// -1) and replaces the process with `path` `argv` (every signal back to its
/// default, none blocked), using only async-signal-safe calls. `path`, `argv`
/// and `message` must stay valid for the life of the process. For a drop-in
/// compiler: a crash of its own becomes the build's own compile.
void passlab_install_crash_fallback(const char *path, char *const argv[], int log_fd, const char *message);

#endif

// GNU extensions that Swift's Glibc module does not expose.
#ifndef PASSLAB_CPROCESS_H
#define PASSLAB_CPROCESS_H
#include <spawn.h>
#include <sys/types.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically.
int passlab_pipe_cloexec(int fds[2]);

/// Makes this process's address layout deterministic: if address-space
/// randomisation is on, turns it off (personality ADDR_NO_RANDOMIZE) and
/// re-executes /proc/self/exe with the same arguments. Returns only when
/// randomisation is already off or cannot be changed (then -1).
int passlab_reexec_without_aslr(char *const argv[]);

/// Exit statuses of a fresh worker's children (`passlab_fork_server`): one
/// request served, fork the next child from the same state; and back to
/// the first fork server (the engine's `recycle`).
#define PASSLAB_FORK_AGAIN_EXIT 75
#define PASSLAB_RECYCLE_EXIT 76

/// A fork server: returns 0 in a child, forked from this process as it is
/// now; this process waits for the child and, when it exits with
/// `again_status`, forks the next one from its own unchanged state,
/// allocating nothing in between. A child that ends any other way ends this
/// process the same way (its exit status, or its signal raised again), so
/// whoever waits for this process sees it; a child dies with this process
/// (PR_SET_PDEATHSIG). Returns -1 when the first fork fails (the caller
/// serves in this process); never returns in the server after that.
int passlab_fork_server(int again_status);

/// Resource limits applied in the child before exec. A value below zero
/// leaves that limit as inherited.
struct passlab_limits {
    long long cpu_seconds;      // RLIMIT_CPU (SIGXCPU, then SIGKILL)
    long long address_space;    // RLIMIT_AS, bytes
    long long file_size;        // RLIMIT_FSIZE, bytes
    long long core_size;        // RLIMIT_CORE, bytes (0: never a core file)
    long long open_files;       // RLIMIT_NOFILE
    long long processes;        // RLIMIT_NPROC (per user; the kernel does not enforce it for root)
    long long fixed_layout;     // nonzero: address-space randomisation off in the child (ADDR_NO_RANDOMIZE)
};

/// posix_spawn cannot set resource limits, so this vforks (the cost does not
/// grow with this process's memory) and, in the child, calls only
/// async-signal-safe system calls: new process group, default signal
/// dispositions and an empty mask, stdin/stdout/stderr from the given
/// descriptors (-1: inherit), chdir, setrlimit, execve. `path` must name the
/// executable (no PATH search). Returns the child's pid, or -1 with `*error`
/// set to the errno of whichever step failed (exec failures included).
/// The child is registered (`passlab_child_register`) before the fork lock
/// is released; `*slot` receives its registration (-1 when none).
pid_t passlab_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            int in_fd, int out_fd, int err_fd, const struct passlab_limits *limits, int *error,
                            int *slot);

/// On a crash of this process (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
/// SIGTRAP), writes `message` and the signal number to `log_fd` (when not
/// -1), runs `passlab_cleanup_now`, and replaces the process with `path` `argv` (every signal back to its
/// default, none blocked), using only async-signal-safe calls. `path`, `argv`
/// and `message` must stay valid for the life of the process. For a drop-in
/// compiler: a crash of its own becomes the build's own compile.
void passlab_install_crash_fallback(const char *path, char *const argv[], int log_fd, const char *message);

/// Directories removed by `passlab_cleanup_now` (on a fatal signal, a crash
/// or an exit that skips Swift's cleanup). Fixed slots, so the signal-time
/// side never allocates. Register returns a slot (or -1 when full or the path
/// is too long: the start-up sweep still finds it), unregister frees it.
int passlab_scratch_register(const char *path);
void passlab_scratch_unregister(int slot);

/// Child process groups killed (SIGKILL) by `passlab_cleanup_now`.
int passlab_child_register(pid_t pid);
void passlab_child_unregister(int slot);

/// Kills every registered child group and removes every registered
/// directory, using only system calls (safe in a signal handler).
void passlab_cleanup_now(void);

/// 1 once `passlab_cleanup_now` has begun (the process is ending): a
/// directory made after it must be removed by whoever made it.
int passlab_cleanup_started(void);

/// Installs handlers that run `passlab_cleanup_now` on a crash (SIGSEGV,
/// SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) and then hand the signal to
/// whatever handler was there before (Swift's backtracer, or the default
/// action); and, when `terminate` is non-zero, on SIGINT, SIGTERM and SIGHUP,
/// after which the signal's default action ends the process.
void passlab_install_cleanup_handlers(int terminate);

/// Makes this process the reaper of its orphaned descendants
/// (PR_SET_CHILD_SUBREAPER) until the matching `passlab_subreaper_end`: a
/// test program that double-forks and calls setsid is re-parented to
/// PassLab, not to init. Counted: the last end turns it off, so a process
/// that also runs other programs (bubblewrap, whose helper outlives it, or a
/// browser) does not collect their orphans as zombies for its whole life.
/// Returns 0 on success.
int passlab_subreaper_begin(void);
void passlab_subreaper_end(void);
/// 1 when this process is a subreaper now, 0 when not, -1 on error.
int passlab_is_subreaper(void);

/// Kills (SIGKILL) and reaps every child of this process that is not a
/// registered child and whose environment holds `marker` ("NAME=value"):
/// with `passlab_subreaper_begin`, adopted descendants of the programs
/// started with that entry; other children (a library's) are left alone.
/// Returns how many were killed.
int passlab_kill_orphans(const char *marker);

#endif

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "CProcess.h"

// MARK: - What to clean up when the process ends abnormally

#define SCRATCH_SLOTS 64
#define SCRATCH_PATH 1024
#define CHILD_SLOTS 512

static char scratch_paths[SCRATCH_SLOTS][SCRATCH_PATH];
static atomic_int scratch_used[SCRATCH_SLOTS];
static atomic_int child_pids[CHILD_SLOTS];
/// Held across fork and registration, and by the orphan sweep, so that a
/// child just forked is never mistaken for an orphan.
static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

int passlab_scratch_register(const char *path) {
    size_t length = strlen(path);
    if (length == 0 || length >= SCRATCH_PATH) return -1;
    for (int slot = 0; slot < SCRATCH_SLOTS; slot++) {
        int expected = 0;
        // 2 marks a slot being filled: the signal-time side skips it.
        if (atomic_compare_exchange_strong(&scratch_used[slot], &expected, 2)) {
            memcpy(scratch_paths[slot], path, length + 1);
            atomic_store(&scratch_used[slot], 1);
            return slot;
        }
    }
    return -1;
}

void passlab_scratch_unregister(int slot) {
    if (slot >= 0 && slot < SCRATCH_SLOTS) atomic_store(&scratch_used[slot], 0);
}

static int child_register_locked(pid_t pid) {
    for (int slot = 0; slot < CHILD_SLOTS; slot++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&child_pids[slot], &expected, (int)pid)) return slot;
    }
    return -1;
}

int passlab_child_register(pid_t pid) {
    pthread_mutex_lock(&child_lock);
    int slot = child_register_locked(pid);
    pthread_mutex_unlock(&child_lock);
    return slot;
}

void passlab_child_unregister(int slot) {
    if (slot >= 0 && slot < CHILD_SLOTS) atomic_store(&child_pids[slot], 0);
}

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/// Removes everything inside the directory open at `fd` (closed here), with
/// system calls only; `depth` bounds the recursion.
static void remove_contents(int fd, int depth) {
    char buffer[4096];
    for (;;) {
        long count = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (count <= 0) break;
        int removed_any = 0;
        for (long offset = 0; offset < count;) {
            struct linux_dirent64 *entry = (struct linux_dirent64 *)(buffer + offset);
            offset += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
            if (unlinkat(fd, name, 0) == 0) { removed_any = 1; continue; }
            if ((errno == EISDIR || errno == EPERM) && depth < 32) {
                int child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child >= 0) remove_contents(child, depth + 1);
                if (unlinkat(fd, name, AT_REMOVEDIR) == 0) removed_any = 1;
            }
        }
        // Entries were removed while listing: list again from the start.
        if (removed_any) lseek(fd, 0, SEEK_SET);
        else break;
    }
    close(fd);
}

static atomic_int cleanup_started;

int passlab_cleanup_started(void) { return atomic_load(&cleanup_started); }

void passlab_cleanup_now(void) {
    atomic_store(&cleanup_started, 1);
    for (int slot = 0; slot < CHILD_SLOTS; slot++) {
        int pid = atomic_load(&child_pids[slot]);
        if (pid > 0) { kill(-pid, SIGKILL); kill(pid, SIGKILL); }
    }
    for (int slot = 0; slot < SCRATCH_SLOTS; slot++) {
        if (atomic_load(&scratch_used[slot]) != 1) continue;
        // Other threads run on while this one cleans up, and one may add a
        // file between emptying the directory and removing it (rmdir then
        // fails with ENOTEMPTY): empty it again, briefly, until it is gone.
        // Once it is gone nothing can be made inside it.
        for (int attempt = 0; attempt < 200; attempt++) {
            int fd = open(scratch_paths[slot], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) remove_contents(fd, 0);
            if (rmdir(scratch_paths[slot]) == 0 || errno != ENOTEMPTY) break;
            struct timespec pause = { 0, 1000000 };
            nanosleep(&pause, NULL);
        }
        atomic_store(&scratch_used[slot], 0);
    }
}

static struct sigaction previous_actions[NSIG];

static void cleanup_on_crash(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    passlab_cleanup_now();
    // Hand over to the handler that was there before: for a fault, returning
    // re-executes the faulting instruction under it; a signal that was sent
    // (kill, raise, abort) is sent again and delivered when this returns.
    sigaction(signal_number, &previous_actions[signal_number], NULL);
    if (info == NULL || info->si_code <= 0) raise(signal_number);
}

static void cleanup_on_termination(int signal_number) {
    passlab_cleanup_now();
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void passlab_install_cleanup_handlers(int terminate) {
    static atomic_int installed;
    // exit() skips Swift's deinit and defer: it runs the cleanup too.
    if (atomic_exchange(&installed, 1) == 0) atexit(passlab_cleanup_now);
    int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned index = 0; index < sizeof crashes / sizeof crashes[0]; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = cleanup_on_crash;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(crashes[index], &action, &previous_actions[crashes[index]]);
    }
    if (!terminate) return;
    int terminations[] = { SIGINT, SIGTERM, SIGHUP };
    for (unsigned index = 0; index < sizeof terminations / sizeof terminations[0]; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = cleanup_on_termination;
        sigemptyset(&action.sa_mask);
        sigaction(terminations[index], &action, NULL);
    }
}

static pthread_mutex_t subreaper_lock = PTHREAD_MUTEX_INITIALIZER;
static int subreaper_users;

int passlab_subreaper_begin(void) {
    pthread_mutex_lock(&subreaper_lock);
    int result = subreaper_users > 0 ? 0 : prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    if (result == 0) subreaper_users++;
    pthread_mutex_unlock(&subreaper_lock);
    return result;
}

int passlab_is_subreaper(void) {
    int value = 0;
    return prctl(PR_GET_CHILD_SUBREAPER, &value, 0, 0, 0) == 0 ? value != 0 : -1;
}

void passlab_subreaper_end(void) {
    pthread_mutex_lock(&subreaper_lock);
    if (subreaper_users > 0 && --subreaper_users == 0) prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    pthread_mutex_unlock(&subreaper_lock);
}

/// Whether process `pid`'s environment holds the entry `marker` ("NAME=value").
static int has_environment_entry(const char *pid, const char *marker) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/environ", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    size_t wanted = strlen(marker) + 1, matched = 0;
    int found = 0, at_start = 1;
    char buffer[4096];
    ssize_t count;
    while (!found && (count = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t index = 0; index < count && !found; index++) {
            char expected = matched + 1 < wanted ? marker[matched] : 0;
            if ((at_start || matched > 0) && buffer[index] == expected) {
                matched++;
                if (matched == wanted) found = 1;
                at_start = 0;
            } else {
                matched = 0;
                at_start = buffer[index] == 0;
            }
        }
    }
    close(fd);
    return found;
}

int passlab_kill_orphans(const char *marker) {
    pid_t self = getpid();
    int killed = 0;
    pthread_mutex_lock(&child_lock);
    DIR *proc = opendir("/proc");
    if (proc) {
        struct dirent *entry;
        while ((entry = readdir(proc)) != NULL) {
            if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
            char path[64], text[512];
            snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ssize_t length = read(fd, text, sizeof text - 1);
            close(fd);
            if (length <= 0) continue;
            text[length] = 0;
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            char *end = strrchr(text, ')');
            char state;
            int parent;
            if (!end || sscanf(end + 1, " %c %d", &state, &parent) != 2 || parent != self) continue;
            pid_t pid = (pid_t)atoi(entry->d_name);
            int registered = 0;
            for (int slot = 0; slot < CHILD_SLOTS && !registered; slot++) {
                registered = atomic_load(&child_pids[slot]) == pid;
            }
            if (registered || !has_environment_entry(entry->d_name, marker)) continue;
            kill(pid, SIGKILL);
            int status;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            killed++;
        }
        closedir(proc);
    }
    pthread_mutex_unlock(&child_lock);
    return killed;
}

int passlab_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int passlab_reexec_without_aslr(char *const argv[]) {
    int current = personality(0xffffffff);
    if (current == -1 || (current & ADDR_NO_RANDOMIZE)) return current == -1 ? -1 : 0;
    if (personality((unsigned long)current | ADDR_NO_RANDOMIZE) == -1) return -1;
    execv("/proc/self/exe", argv);
    return -1;
}

int passlab_fork_server(int again_status) {
    pid_t server = getpid();
    int first = 1;
    for (;;) {
        pid_t child = -1;
        // A transient EAGAIN (too many processes for a moment) is retried; the server allocates nothing here.
        for (int attempt = 0; attempt < 50 && child < 0; attempt++) {
            child = fork();
            if (child < 0) {
                if (first) return -1;
                struct timespec pause = { 0, 20000000 };
                nanosleep(&pause, NULL);
            }
        }
        if (child < 0) _exit(71);
        first = 0;
        if (child == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != server) _exit(0);
            return 0;
        }
        int status = 0;
        while (waitpid(child, &status, 0) < 0) {
            if (errno != EINTR) _exit(71);
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == again_status) continue;
        if (WIFSIGNALED(status)) {
            int signal_number = WTERMSIG(status);
            signal(signal_number, SIG_DFL);
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, signal_number);
            sigprocmask(SIG_UNBLOCK, &set, NULL);
            raise(signal_number);
            _exit(128 + signal_number);
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 71);
    }
}

static int set_limit(int resource, long long value) {
    if (value < 0) return 0;
    struct rlimit limit = { (rlim_t)value, (rlim_t)value };
    return setrlimit(resource, &limit);
}

/// In the child: report errno on the status pipe and die without running
/// atexit handlers or flushing the parent's stdio buffers.
static void child_fail(int status_fd) {
    int code = errno;
    ssize_t ignored = write(status_fd, &code, sizeof code);
    (void)ignored;
    _exit(127);
}

pid_t passlab_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            int in_fd, int out_fd, int err_fd, const struct passlab_limits *limits, int *error,
                            int *slot) {
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) { *error = errno; return -1; }
    // vfork, not fork: the child borrows this process's memory until execve,
    // so a spawn costs the same in a 15 GB process as in a small one (fork
    // copies the page tables: tens of milliseconds per GB). Every signal is
    // blocked around it, so no handler of this process ever runs in the
    // child, which resets them all before unblocking.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_mutex_lock(&child_lock);
    pid_t pid = vfork();
    if (pid < 0) {
        *error = errno;
        pthread_mutex_unlock(&child_lock);
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        close(status[0]); close(status[1]);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        struct sigaction defaults = { 0 };
        defaults.sa_handler = SIG_DFL;
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            if (signal_number != SIGKILL && signal_number != SIGSTOP) sigaction(signal_number, &defaults, NULL);
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (in_fd >= 0 && dup2(in_fd, 0) < 0) child_fail(status[1]);
        if (out_fd >= 0 && dup2(out_fd, 1) < 0) child_fail(status[1]);
        if (err_fd >= 0 && dup2(err_fd, 2) < 0) child_fail(status[1]);
        if (cwd && chdir(cwd) != 0) child_fail(status[1]);
        if (set_limit(RLIMIT_CPU, limits->cpu_seconds) != 0 || set_limit(RLIMIT_AS, limits->address_space) != 0
            || set_limit(RLIMIT_FSIZE, limits->file_size) != 0 || set_limit(RLIMIT_CORE, limits->core_size) != 0
            || set_limit(RLIMIT_NOFILE, limits->open_files) != 0 || set_limit(RLIMIT_NPROC, limits->processes) != 0) {
            child_fail(status[1]);
        }
        if (limits->fixed_layout) {
            int current = personality(0xffffffff);
            if (current == -1 || personality((unsigned long)current | ADDR_NO_RANDOMIZE) == -1) child_fail(status[1]);
        }
        execve(path, argv, envp);
        child_fail(status[1]);
    }
    *slot = child_register_locked(pid);
    pthread_mutex_unlock(&child_lock);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(status[1]);
    int code = 0;
    ssize_t got;
    do { got = read(status[0], &code, sizeof code); } while (got < 0 && errno == EINTR);
    close(status[0]);
    if (got == (ssize_t)sizeof code) {
        int ignored;
        while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {}
        passlab_child_unregister(*slot);
        *slot = -1;
        *error = code;
        return -1;
    }
    return pid;
}

static const char *fallback_path;
static char *const *fallback_argv;
static int fallback_log = -1;
static const char *fallback_message;
extern char **environ;

static void crash_fallback(int signal_number) {
    passlab_cleanup_now();
    if (fallback_log >= 0 && fallback_message) {
        size_t length = 0;
        while (fallback_message[length]) length++;
        ssize_t ignored = write(fallback_log, fallback_message, length);
        char digits[16];
        int count = 0, value = signal_number;
        do { digits[15 - count++] = (char)('0' + value % 10); value /= 10; } while (value && count < 15);
        ignored = write(fallback_log, digits + 16 - count, (size_t)count);
        ignored = write(fallback_log, "\n", 1);
        (void)ignored;
    }
    struct sigaction defaults;
    defaults.sa_handler = SIG_DFL;
    defaults.sa_flags = 0;
    sigemptyset(&defaults.sa_mask);
    for (int number = 1; number < 32; number++) {
        if (number != SIGKILL && number != SIGSTOP) sigaction(number, &defaults, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(fallback_path, fallback_argv, environ);
    _exit(128 + signal_number);
}

void passlab_install_crash_fallback(const char *path, char *const argv[], int log_fd, const char *message) {
    fallback_path = path;
    fallback_argv = argv;
    fallback_log = log_fd;
    fallback_message = message;
    struct sigaction action;
    action.sa_handler = crash_fallback;
    action.sa_flags = SA_NODEFER | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) sigaction(signals[index], &action, NULL);
}

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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
                            int in_fd, int out_fd, int err_fd, const struct passlab_limits *limits, int *error) {
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) { *error = errno; return -1; }
    pid_t pid = fork();
    if (pid < 0) {
        *error = errno;
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
            || set_limit(RLIMIT_NOFILE, limits->open_files) != 0) {
            child_fail(status[1]);
        }
        execve(path, argv, envp);
        child_fail(status[1]);
    }
    close(status[1]);
    int code = 0;
    ssize_t got;
    do { got = read(status[0], &code, sizeof code); } while (got < 0 && errno == EINTR);
    close(status[0]);
    if (got == (ssize_t)sizeof code) {
        int ignored;
        while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {}
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

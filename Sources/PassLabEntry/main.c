// `passlab`: the executable users and builds run. It starts in well under a millisecond (no Swift runtime, no
// Foundation, no libLLVM) and becomes, with the same arguments, one of the two executables built beside it:
//
//   passlab-dropin  a compiler's command line (`passlab cc ...`, `passlab c++ ...`, `passlab COMPILER ...`, the
//                   CMake launcher form): it plans the command as `passlab cc` does and runs a command PassLab only
//                   passes through (configure's checks, -E, -O2 compiles) itself, or hands it to passlab-core;
//   passlab-core    everything else: every subcommand, the engine, `passlab cc`'s tuning.
//
// The test for a compiler's command line here is a superset of `DropInEntry.looksLikeCompiler` (every name that
// pattern accepts contains "/", "cc", "clang" or "++"); passlab-dropin decides exactly and passes anything else on.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int might_be_a_compiler_command(const char *word) {
    if (word[0] == '-') return 0;
    return strchr(word, '/') != NULL || strstr(word, "cc") != NULL || strstr(word, "clang") != NULL
        || strstr(word, "++") != NULL;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        length = (ssize_t)strlen(argv[0]) < (ssize_t)sizeof self - 1 ? (ssize_t)strlen(argv[0]) : 0;
        memcpy(self, argv[0], (size_t)length);
    }
    self[length] = '\0';
    char *slash = strrchr(self, '/');
    const char *directory = ".";
    if (slash != NULL) {
        *slash = '\0';
        directory = slash == self ? "/" : self;
    }
    const char *name = argc > 1 && might_be_a_compiler_command(argv[1]) ? "passlab-dropin" : "passlab-core";
    char target[PATH_MAX + 32];
    snprintf(target, sizeof target, "%s/%s", directory, name);
    execv(target, argv);
    fprintf(stderr,
        "passlab: cannot run %s: %s. passlab, passlab-dropin and passlab-core are built together "
        "(scripts/build-release, or swift build); keep the three in one directory, or put a symbolic link to passlab "
        "on PATH.\n",
        target, strerror(errno));
    return 127;
}

/* Line-oriented command parser for a debug console: tokenises in place and dispatches by name. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_ARGS 6

typedef int (*cmd_handler)(int argc, char **argv);

struct cmd_entry {
    const char *name;
    cmd_handler handler;
    uint8_t min_args;
    uint8_t max_args;
};

static uint32_t reg_file[16];
static uint8_t led_state;

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static bool parse_u32(const char *s, uint32_t *out)
{
    uint32_t base = 10, v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    for (; *s; s++) {
        uint32_t d;
        if (*s >= '0' && *s <= '9') d = (uint32_t)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f') d = (uint32_t)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F') d = (uint32_t)(*s - 'A' + 10);
        else return false;
        if (v > (UINT32_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

static int cmd_led(int argc, char **argv)
{
    uint32_t v;
    if (argc < 2 || !parse_u32(argv[1], &v) || v > 1)
        return -2;
    led_state = (uint8_t)v;
    return 0;
}

static int cmd_poke(int argc, char **argv)
{
    uint32_t idx, val;
    if (argc < 3 || !parse_u32(argv[1], &idx) || !parse_u32(argv[2], &val) || idx >= 16)
        return -2;
    reg_file[idx] = val;
    return 0;
}

static int cmd_peek(int argc, char **argv)
{
    uint32_t idx;
    if (argc < 2 || !parse_u32(argv[1], &idx) || idx >= 16)
        return -2;
    return (int)(reg_file[idx] & 0x7FFFFFFFu);
}

static int cmd_sum(int argc, char **argv)
{
    uint32_t total = 0, v;
    for (int i = 1; i < argc; i++) {
        if (!parse_u32(argv[i], &v))
            return -2;
        total += v;
    }
    return (int)(total & 0x7FFFFFFFu);
}

static const struct cmd_entry commands[] = {
    { "led", cmd_led, 1, 1 },
    { "poke", cmd_poke, 2, 2 },
    { "peek", cmd_peek, 1, 1 },
    { "sum", cmd_sum, 0, MAX_ARGS - 1 },
};

static int tokenize(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (!*p || *p == '#')
            break;
        if (argc == max)
            return -1;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    *p = '\0';
    return argc;
}

/* Returns handler result, -1 for unknown command, -3 for bad arity, -4 for too many tokens. */
int console_execute(char *line)
{
    char *argv[MAX_ARGS];
    int argc = tokenize(line, argv, MAX_ARGS);
    if (argc < 0)
        return -4;
    if (argc == 0)
        return 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (str_eq(commands[i].name, argv[0])) {
            int nargs = argc - 1;
            if (nargs < commands[i].min_args || nargs > commands[i].max_args)
                return -3;
            return commands[i].handler(argc, argv);
        }
    }
    return -1;
}

uint8_t console_led(void) { return led_state; }

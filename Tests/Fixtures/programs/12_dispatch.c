/* Command dispatch through function-pointer tables, as in a firmware shell. */
#include <stdio.h>
#include <string.h>

struct device {
    int led;
    int speed;
    int limit;
    unsigned errors;
};

typedef int (*cmd_fn)(struct device *dev, int arg);

struct command {
    const char *name;
    cmd_fn fn;
    int min_arg;
    int max_arg;
};

static int cmd_led(struct device *dev, int arg) { dev->led = arg; return 0; }
static int cmd_speed(struct device *dev, int arg)
{
    if (arg > dev->limit)
        return -2;
    dev->speed = arg;
    return 0;
}
static int cmd_limit(struct device *dev, int arg) { dev->limit = arg; return 0; }
static int cmd_reset(struct device *dev, int arg)
{
    (void)arg;
    dev->led = 0;
    dev->speed = 0;
    dev->limit = 100;
    return 0;
}
static int cmd_status(struct device *dev, int arg)
{
    printf("  status[%d]: led=%d speed=%d limit=%d errors=%u\n", arg, dev->led, dev->speed,
           dev->limit, dev->errors);
    return 0;
}

static const struct command command_table[] = {
    { "led", cmd_led, 0, 1 },
    { "speed", cmd_speed, 0, 5000 },
    { "limit", cmd_limit, 1, 5000 },
    { "reset", cmd_reset, 0, 0 },
    { "status", cmd_status, 0, 9 },
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof command_table / sizeof command_table[0]; i++)
        if (strcmp(command_table[i].name, name) == 0)
            return &command_table[i];
    return NULL;
}

static int execute(struct device *dev, const char *name, int arg)
{
    const struct command *c = find_command(name);
    int rc;
    if (!c)
        rc = -1;
    else if (arg < c->min_arg || arg > c->max_arg)
        rc = -3;
    else
        rc = c->fn(dev, arg);
    if (rc != 0)
        dev->errors++;
    return rc;
}

/* A second, index-based table: binary operations */
typedef long (*binop)(long, long);
static long op_add(long a, long b) { return a + b; }
static long op_sub(long a, long b) { return a - b; }
static long op_mul(long a, long b) { return a * b; }
static long op_max(long a, long b) { return a > b ? a : b; }
static long op_min(long a, long b) { return a < b ? a : b; }
static const binop ops[] = { op_add, op_sub, op_mul, op_max, op_min };

static long fold(binop f, const long *v, int n, long init)
{
    long acc = init;
    for (int i = 0; i < n; i++)
        acc = f(acc, v[i]);
    return acc;
}

int main(void)
{
    struct device dev = { 0, 0, 100, 0 };
    static const struct { const char *name; int arg; } script[] = {
        { "status", 0 }, { "led", 1 }, { "speed", 50 }, { "speed", 150 },
        { "limit", 200 }, { "speed", 150 }, { "jump", 3 }, { "led", 7 },
        { "status", 1 }, { "reset", 0 }, { "status", 2 },
    };
    for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
        int rc = execute(&dev, script[i].name, script[i].arg);
        printf("%-7s %4d -> %d\n", script[i].name, script[i].arg, rc);
    }

    const long values[] = { 3, -8, 12, 7, -1, 5 };
    static const char *const op_names[] = { "add", "sub", "mul", "max", "min" };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        printf("fold %s = %ld\n", op_names[i], fold(ops[i], values, 6, i == 2 ? 1 : 0));
    return 0;
}

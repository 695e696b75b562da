/* A minimal printf-like formatter built on stdarg, writing into a bounded buffer. */
#include <stdarg.h>
#include <stdio.h>

struct outbuf {
    char *buf;
    size_t cap;
    size_t len;   /* number of characters that would have been written */
};

static void put_char(struct outbuf *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(struct outbuf *o, const char *s, int width, int left)
{
    int n = 0;
    while (s[n])
        n++;
    if (!left)
        for (int i = n; i < width; i++) put_char(o, ' ');
    for (int i = 0; i < n; i++) put_char(o, s[i]);
    if (left)
        for (int i = n; i < width; i++) put_char(o, ' ');
}

static void put_uint(struct outbuf *o, unsigned long v, unsigned base, int upper, int neg,
                     int width, char pad)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int total = n + (neg ? 1 : 0);
    if (neg && pad == '0')
        put_char(o, '-');
    for (int i = total; i < width; i++)
        put_char(o, pad);
    if (neg && pad != '0')
        put_char(o, '-');
    while (n--)
        put_char(o, tmp[n]);
}

size_t mini_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    struct outbuf o = { buf, cap, 0 };
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put_char(&o, *p);
            continue;
        }
        p++;
        int left = 0, width = 0, is_long = 0;
        char pad = ' ';
        if (*p == '-') { left = 1; p++; }
        if (*p == '0') { pad = '0'; p++; }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        if (*p == 'l') { is_long = 1; p++; }
        switch (*p) {
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long mag = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
            put_uint(&o, mag, 10, 0, v < 0, width, pad);
            break;
        }
        case 'u': case 'x': case 'X': case 'b': {
            unsigned long v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            unsigned base = *p == 'u' ? 10u : (*p == 'b' ? 2u : 16u);
            put_uint(&o, v, base, *p == 'X', 0, width, pad);
            break;
        }
        case 'c': put_char(&o, (char)va_arg(ap, int)); break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_str(&o, s ? s : "(null)", width, left);
            break;
        }
        case '%': put_char(&o, '%'); break;
        case '\0': p--; break;
        default: put_char(&o, '%'); put_char(&o, *p); break;
        }
    }
    if (cap)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return o.len;
}

size_t mini_format(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = mini_vformat(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

static long sum_ints(int count, ...)
{
    va_list ap;
    va_start(ap, count);
    long total = 0;
    for (int i = 0; i < count; i++)
        total += va_arg(ap, int);
    va_end(ap);
    return total;
}

static void log_line(const char *level, const char *fmt, ...)
{
    char msg[80];
    va_list ap;
    va_start(ap, fmt);
    size_t n = mini_vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    printf("[%-5s] %s (%zu)\n", level, msg, n);
}

int main(void)
{
    char buf[64];
    mini_format(buf, sizeof buf, "int %d, neg %d, pad [%5d] [%-5s] [%05d]", 42, -17, 7, "ab", -33);
    printf("%s\n", buf);
    mini_format(buf, sizeof buf, "hex %x %X %08x bin %b", 0xBEEFu, 0xBEEFu, 0x1234u, 10u);
    printf("%s\n", buf);
    mini_format(buf, sizeof buf, "long %ld %lu char %c%c pct %% bad %q", -1234567890L, 4000000000UL, 'o', 'k');
    printf("%s\n", buf);
    size_t n = mini_format(buf, 16, "truncated output %s", "is cut here");
    printf("%s | wanted %zu\n", buf, n);
    printf("sum=%ld sum0=%ld\n", sum_ints(5, 1, 2, 3, 4, 5), sum_ints(0));
    log_line("info", "boot %s v%d.%d", "ok", 1, 4);
    log_line("warn", "temp %d above %u", 81, 80u);
    log_line("error", "code 0x%04x at %s", 0x2Au, (const char *)0);
    return 0;
}

/* Pattern matching: an iterative glob matcher (*, ?, [set]) and a small backtracking regex subset. */
#include <stdio.h>

/* Matches a [...] class starting after '['; returns pointer past ']' or NULL if malformed. */
static const char *match_class(const char *p, char c, int *matched)
{
    int negate = 0, hit = 0;
    if (*p == '!' || *p == '^') {
        negate = 1;
        p++;
    }
    int first = 1;
    while (*p && (*p != ']' || first)) {
        char lo = *p, hi = *p;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 2;
        }
        if (c >= lo && c <= hi)
            hit = 1;
        p++;
        first = 0;
    }
    if (*p != ']')
        return NULL;
    *matched = hit ^ negate;
    return p + 1;
}

int glob_match(const char *pat, const char *str)
{
    const char *star_p = NULL, *star_s = NULL;
    while (*str) {
        if (*pat == '*') {
            star_p = ++pat;
            star_s = str;
            continue;
        }
        int ok = 0;
        const char *next = pat + 1;
        if (*pat == '?') {
            ok = 1;
        } else if (*pat == '[') {
            next = match_class(pat + 1, *str, &ok);
            if (!next)
                return 0;
        } else if (*pat == '\\' && pat[1]) {
            ok = pat[1] == *str;
            next = pat + 2;
        } else {
            ok = *pat == *str;
        }
        if (ok && *pat) {
            pat = next;
            str++;
        } else if (star_p) {
            pat = star_p;
            str = ++star_s;
        } else {
            return 0;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

/* Regex subset: literals, '.', '*' and '+' and '?' postfix, '^' and '$' anchors. */
static int re_here(const char *re, const char *s);

static int re_one(char rc, char sc) { return sc != '\0' && (rc == '.' || rc == sc); }

static int re_repeat(char rc, const char *re, const char *s, int min)
{
    const char *t = s;
    while (re_one(rc, *t))
        t++;
    for (; t - s >= min; t--)
        if (re_here(re, t))
            return 1;
    return 0;
}

static int re_here(const char *re, const char *s)
{
    if (re[0] == '\0')
        return 1;
    if (re[1] == '*')
        return re_repeat(re[0], re + 2, s, 0);
    if (re[1] == '+')
        return re_repeat(re[0], re + 2, s, 1);
    if (re[1] == '?')
        return (re_one(re[0], *s) && re_here(re + 2, s + 1)) || re_here(re + 2, s);
    if (re[0] == '$' && re[1] == '\0')
        return *s == '\0';
    if (re_one(re[0], *s))
        return re_here(re + 1, s + 1);
    return 0;
}

int re_search(const char *re, const char *s)
{
    if (re[0] == '^')
        return re_here(re + 1, s);
    do {
        if (re_here(re, s))
            return 1;
    } while (*s++);
    return 0;
}

int main(void)
{
    static const char *const globs[][2] = {
        { "*.c", "main.c" }, { "*.c", "main.h" }, { "src/*/test_?.c", "src/core/test_1.c" },
        { "[a-f]*", "delta" }, { "[!a-f]*", "delta" }, { "*a*b*c*", "xxaxxbxxcxx" },
        { "*a*b*c*", "xxaxxcxxbxx" }, { "file\\*", "file*" }, { "[]x]", "]" },
        { "**", "" }, { "?", "" }, { "log_[0-9][0-9].txt", "log_42.txt" },
    };
    for (size_t i = 0; i < sizeof globs / sizeof globs[0]; i++)
        printf("glob %-18s %-20s %d\n", globs[i][0], globs[i][1], glob_match(globs[i][0], globs[i][1]));

    static const char *const res[][2] = {
        { "^ab*c$", "ac" }, { "^ab*c$", "abbbc" }, { "^ab+c$", "ac" }, { "colou?r", "my color" },
        { "colou?r", "colour!" }, { "a.c", "xxabcxx" }, { "^$", "" }, { "x+y", "xxxz" },
        { "err.*fail", "error: disk fail" }, { "^a.*z$", "abcz" },
    };
    for (size_t i = 0; i < sizeof res / sizeof res[0]; i++)
        printf("re   %-18s %-20s %d\n", res[i][0], res[i][1], re_search(res[i][0], res[i][1]));
    return 0;
}

/* String parsing: custom atoi, a tokenizer and a recursive-descent expression evaluator. */
#include <stdio.h>
#include <string.h>

enum tok_kind { T_NUM, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LPAREN, T_RPAREN, T_END, T_ERR };

struct token {
    enum tok_kind kind;
    long value;
};

struct lexer {
    const char *p;
    struct token cur;
};

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Parses an optionally signed decimal integer, saturating at +/- 1e15. */
long parse_long(const char *s, const char **end)
{
    while (is_space(*s))
        s++;
    int neg = 0;
    if (*s == '+' || *s == '-')
        neg = (*s++ == '-');
    long v = 0;
    while (is_digit(*s)) {
        if (v < 1000000000000000L)
            v = v * 10 + (*s - '0');
        s++;
    }
    if (end)
        *end = s;
    return neg ? -v : v;
}

static void next_token(struct lexer *lx)
{
    while (is_space(*lx->p))
        lx->p++;
    char c = *lx->p;
    if (c == '\0') { lx->cur.kind = T_END; return; }
    if (is_digit(c)) {
        lx->cur.kind = T_NUM;
        lx->cur.value = parse_long(lx->p, &lx->p);
        return;
    }
    lx->p++;
    switch (c) {
    case '+': lx->cur.kind = T_PLUS; break;
    case '-': lx->cur.kind = T_MINUS; break;
    case '*': lx->cur.kind = T_STAR; break;
    case '/': lx->cur.kind = T_SLASH; break;
    case '(': lx->cur.kind = T_LPAREN; break;
    case ')': lx->cur.kind = T_RPAREN; break;
    default: lx->cur.kind = T_ERR; break;
    }
}

static long parse_expr(struct lexer *lx, int *err);

static long parse_primary(struct lexer *lx, int *err)
{
    if (lx->cur.kind == T_NUM) {
        long v = lx->cur.value;
        next_token(lx);
        return v;
    }
    if (lx->cur.kind == T_MINUS) {
        next_token(lx);
        return -parse_primary(lx, err);
    }
    if (lx->cur.kind == T_LPAREN) {
        next_token(lx);
        long v = parse_expr(lx, err);
        if (lx->cur.kind != T_RPAREN)
            *err = 1;
        else
            next_token(lx);
        return v;
    }
    *err = 1;
    return 0;
}

static long parse_term(struct lexer *lx, int *err)
{
    long v = parse_primary(lx, err);
    while (!*err && (lx->cur.kind == T_STAR || lx->cur.kind == T_SLASH)) {
        enum tok_kind op = lx->cur.kind;
        next_token(lx);
        long r = parse_primary(lx, err);
        if (op == T_STAR)
            v *= r;
        else if (r == 0)
            *err = 2;
        else
            v /= r;
    }
    return v;
}

static long parse_expr(struct lexer *lx, int *err)
{
    long v = parse_term(lx, err);
    while (!*err && (lx->cur.kind == T_PLUS || lx->cur.kind == T_MINUS)) {
        enum tok_kind op = lx->cur.kind;
        next_token(lx);
        long r = parse_term(lx, err);
        v = (op == T_PLUS) ? v + r : v - r;
    }
    return v;
}

int evaluate(const char *src, long *out)
{
    struct lexer lx = { src, { T_END, 0 } };
    int err = 0;
    next_token(&lx);
    *out = parse_expr(&lx, &err);
    if (!err && lx.cur.kind != T_END)
        err = 1;
    return err;
}

int main(void)
{
    static const char *const numbers[] = { "42", "  -17", "+8x", "0009", "", "-", "123456789" };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        const char *end;
        long v = parse_long(numbers[i], &end);
        printf("parse(\"%s\") = %ld rest=\"%s\"\n", numbers[i], v, end);
    }

    static const char *const exprs[] = {
        "1 + 2 * 3", "(1 + 2) * 3", "100 / 7 - 3", "-(4 - 10) * -2",
        "2 * (3 + (4 * (5 - 1)))", "8 / 0", "3 +", "12 $ 4", "((((7))))",
    };
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        long v = 0;
        int err = evaluate(exprs[i], &v);
        if (err)
            printf("%-26s => error %d\n", exprs[i], err);
        else
            printf("%-26s => %ld\n", exprs[i], v);
    }

    char line[] = "set,mode=3;gain=17;;offset=-4,end";
    int fields = 0;
    for (char *tok = strtok(line, ",;"); tok; tok = strtok(NULL, ",;")) {
        const char *eq = strchr(tok, '=');
        if (eq)
            printf("field %d: key=%.*s value=%ld\n", fields, (int)(eq - tok), tok, parse_long(eq + 1, NULL));
        else
            printf("field %d: word=%s\n", fields, tok);
        fields++;
    }
    return 0;
}

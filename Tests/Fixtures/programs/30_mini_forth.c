/* A miniature Forth-like interpreter: tokenizer, dictionary of primitives and user words, control flow. */
#include <stdio.h>
#include <string.h>

#define DSTACK 32
#define RSTACK DSTACK
#define CODE_MAX 512
#define WORDS_MAX 48
#define NAME_MAX 12

enum prim {
    P_LIT, P_ADD, P_SUB, P_MUL, P_DIV, P_MOD, P_DUP, P_DROP, P_SWAP, P_OVER, P_ROT,
    P_EQ, P_LT, P_GT, P_AND, P_OR, P_NOT, P_DOT, P_EMIT, P_CR, P_CALL, P_RET,
    P_BRANCH, P_ZBRANCH, P_DO, P_LOOP, P_I, P_TO_R, P_FROM_R, P_FETCH, P_STORE, P_VAR, P_COUNT
};

static const char *const prim_names[P_COUNT] = {
    "lit", "+", "-", "*", "/", "mod", "dup", "drop", "swap", "over", "rot",
    "=", "<", ">", "and", "or", "not", ".", "emit", "cr", "call", "exit",
    "branch", "0branch", "do", "loop", "i", ">r", "r>", "@", "!", "var",
};

struct word {
    char name[NAME_MAX];
    int start, prim;
};

struct forth {
    long ds[DSTACK], rs[RSTACK], mem[16];
    int code[CODE_MAX];
    struct word dict[WORDS_MAX];
    int dsp, rsp, here, nwords, nvars, error;
    unsigned long executed;
};

static void push(struct forth *f, long v) { if (f->dsp < DSTACK) f->ds[f->dsp++] = v; else f->error = 1; }
static long pop(struct forth *f) { if (f->dsp > 0) return f->ds[--f->dsp]; f->error = 2; return 0; }
static void rpush(struct forth *f, long v) { if (f->rsp < RSTACK) f->rs[f->rsp++] = v; else f->error = 3; }
static long rpop(struct forth *f) { if (f->rsp > 0) return f->rs[--f->rsp]; f->error = 4; return 0; }
static void emit_code(struct forth *f, int v) { if (f->here < CODE_MAX) f->code[f->here++] = v; else f->error = 5; }

static int find_word(const struct forth *f, const char *name)
{
    for (int i = f->nwords - 1; i >= 0; i--)
        if (strcmp(f->dict[i].name, name) == 0)
            return i;
    return -1;
}

static void add_word(struct forth *f, const char *name, int start, int prim)
{
    if (f->nwords >= WORDS_MAX) { f->error = 6; return; }
    struct word *w = &f->dict[f->nwords++];
    strncpy(w->name, name, NAME_MAX - 1);
    w->start = start; /* index in code[], or -1 for primitives */
    w->prim = prim;
}

static void run(struct forth *f, int pc)
{
    int base_rsp = f->rsp;
    rpush(f, -1);   /* sentinel return address ends the run */
    while (pc >= 0 && !f->error) {
        if (++f->executed > 200000) { f->error = 7; return; }
        int op = f->code[pc++];
        long a, b;
        switch (op) {
        case P_LIT: push(f, f->code[pc++]); break;
        case P_ADD: b = pop(f); a = pop(f); push(f, a + b); break;
        case P_SUB: b = pop(f); a = pop(f); push(f, a - b); break;
        case P_MUL: b = pop(f); a = pop(f); push(f, a * b); break;
        case P_DIV: b = pop(f); a = pop(f); if (b) push(f, a / b); else f->error = 8; break;
        case P_MOD: b = pop(f); a = pop(f); if (b) push(f, a % b); else f->error = 8; break;
        case P_DUP: a = pop(f); push(f, a); push(f, a); break;
        case P_DROP: pop(f); break;
        case P_SWAP: b = pop(f); a = pop(f); push(f, b); push(f, a); break;
        case P_OVER: b = pop(f); a = pop(f); push(f, a); push(f, b); push(f, a); break;
        case P_ROT: { long c = pop(f); b = pop(f); a = pop(f); push(f, b); push(f, c); push(f, a); break; }
        case P_EQ: b = pop(f); a = pop(f); push(f, a == b ? -1 : 0); break;
        case P_LT: b = pop(f); a = pop(f); push(f, a < b ? -1 : 0); break;
        case P_GT: b = pop(f); a = pop(f); push(f, a > b ? -1 : 0); break;
        case P_AND: b = pop(f); a = pop(f); push(f, a & b); break;
        case P_OR: b = pop(f); a = pop(f); push(f, a | b); break;
        case P_NOT: push(f, pop(f) == 0 ? -1 : 0); break;
        case P_DOT: printf("%ld ", pop(f)); break;
        case P_EMIT: putchar((int)(pop(f) & 0x7F)); break;
        case P_CR: putchar('\n'); break;
        case P_CALL: rpush(f, pc + 1); pc = f->code[pc]; break;
        case P_RET: pc = (int)rpop(f); break;
        case P_BRANCH: pc = f->code[pc]; break;
        case P_ZBRANCH: pc = pop(f) == 0 ? f->code[pc] : pc + 1; break;
        case P_DO: b = pop(f); a = pop(f); rpush(f, a); rpush(f, b); break;
        case P_LOOP:
            if (f->rsp < 2) f->error = 4;
            else if (++f->rs[f->rsp - 1] < f->rs[f->rsp - 2]) pc = f->code[pc];
            else { f->rsp -= 2; pc++; }
            break;
        case P_I: push(f, f->rsp > 0 ? f->rs[f->rsp - 1] : 0); break;
        case P_TO_R: rpush(f, pop(f)); break;
        case P_FROM_R: push(f, rpop(f)); break;
        case P_FETCH: a = pop(f); push(f, f->mem[a & 15]); break;
        case P_STORE: a = pop(f); b = pop(f); f->mem[a & 15] = b; break;
        case P_VAR: push(f, f->code[pc++]); break;
        default: f->error = 9; break;
        }
    }
    f->rsp = base_rsp;
}

static int parse_number(const char *t, long *out)
{
    int neg = (*t == '-' && t[1]);
    long v = 0;
    for (const char *p = t + neg; *p; p++) {
        if (*p < '0' || *p > '9' || v > 100000000) return 0;
        v = v * 10 + (*p - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

static void compile_token(struct forth *f, const char *tok, int *cstack, int *csp)
{
    long num;
    int w = find_word(f, tok);
    if (strcmp(tok, "if") == 0) { emit_code(f, P_ZBRANCH); cstack[(*csp)++] = f->here; emit_code(f, 0); }
    else if (strcmp(tok, "else") == 0) {
        emit_code(f, P_BRANCH); emit_code(f, 0);
        f->code[cstack[*csp - 1]] = f->here; cstack[*csp - 1] = f->here - 1;
    }
    else if (strcmp(tok, "then") == 0) f->code[cstack[--(*csp)]] = f->here;
    else if (strcmp(tok, "do") == 0) { emit_code(f, P_DO); cstack[(*csp)++] = f->here; }
    else if (strcmp(tok, "loop") == 0) { emit_code(f, P_LOOP); emit_code(f, cstack[--(*csp)]); }
    else if (strcmp(tok, "begin") == 0) cstack[(*csp)++] = f->here;
    else if (strcmp(tok, "until") == 0) { emit_code(f, P_ZBRANCH); emit_code(f, cstack[--(*csp)]); }
    else if (w >= 0 && f->dict[w].start >= 0) { emit_code(f, P_CALL); emit_code(f, f->dict[w].start); }
    else if (w >= 0) emit_code(f, f->dict[w].prim);
    else if (parse_number(tok, &num)) { emit_code(f, P_LIT); emit_code(f, (int)num); }
    else { printf("\n? unknown word '%s'\n", tok); f->error = 10; }
}

static void interpret(struct forth *f, const char *src)
{
    char tok[32], def_name[NAME_MAX] = "";
    int cstack[16], csp = 0, defining = 0, def_start = 0;
    for (;;) {
        while (*src == ' ' || *src == '\n') src++;
        if (!*src || f->error) break;
        int n = 0;
        for (; *src && *src != ' ' && *src != '\n'; src++)
            if (n < 31) tok[n++] = *src;
        tok[n] = '\0';
        if (strcmp(tok, ":") == 0) {
            defining = 1; def_start = f->here; def_name[0] = '\0';
        } else if (defining && def_name[0] == '\0') {
            strncpy(def_name, tok, NAME_MAX - 1);
        } else if (strcmp(tok, ";") == 0) {
            emit_code(f, P_RET); add_word(f, def_name, def_start, 0); defining = 0;
        } else if (strcmp(tok, "variable") == 0) {
            while (*src == ' ') src++;
            int start = f->here;
            emit_code(f, P_VAR); emit_code(f, f->nvars++); emit_code(f, P_RET);
            n = 0;
            while (*src && *src != ' ' && *src != '\n' && n < NAME_MAX - 1) tok[n++] = *src++;
            tok[n] = '\0';
            add_word(f, tok, start, 0);
        } else {
            int start = f->here;
            compile_token(f, tok, cstack, &csp);
            if (!defining && !f->error) {   /* immediate mode: compile, run, discard */
                emit_code(f, P_RET); run(f, start); f->here = start;
            }
        }
    }
}

int main(void)
{
    static struct forth f;
    for (int i = 0; i < P_COUNT; i++)
        if (i != P_LIT && i != P_CALL && i != P_BRANCH && i != P_ZBRANCH && i != P_DO && i != P_LOOP && i != P_VAR)
            add_word(&f, prim_names[i], -1, i);

    interpret(&f,
        ": square dup * ; : cube dup square * ;\n"
        ": abs dup 0 < if 0 swap - then ;\n"
        ": fact 1 swap 1 + 1 do i * loop ;\n"
        ": fib 0 1 rot 0 do over over + rot drop loop drop ;\n"
        ": gcd begin swap over mod dup 0 = until drop ; : stars 0 do 42 emit loop ;\n"
        ": sign dup 0 < if drop -1 else 0 > if 1 else 0 then then ;\n"
        "variable counter : bump counter @ + counter ! ;\n"
        "7 square . 3 cube . -12 abs . 10 fact . cr\n"
        "20 fib . 1071 462 gcd . 5 stars cr\n"
        "-5 sign . 0 sign . 9 sign . 1 2 3 rot . . . 100 7 mod . 100 7 / . cr\n"
        ": sumto 0 do i bump loop ; 10 sumto counter @ . 3 bump counter @ . cr\n"
        "frobnicate 1 2 +\n");
    printf("error=%d dsp=%d words=%d here=%d executed=%lu\n", f.error, f.dsp, f.nwords, f.here,
           f.executed);
    return 0;
}

/* A tiny stack-based bytecode interpreter with one big switch dispatch loop. */
#include <stdint.h>
#include <stdio.h>

enum opcode {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NEG,
    OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR,
    OP_EQ, OP_LT, OP_GT, OP_NOT,
    OP_JMP, OP_JZ, OP_JNZ,
    OP_LOAD, OP_STORE, OP_PRINT, OP_CALL, OP_RET
};

#define STACK_MAX 64
#define NVARS 8

struct vm {
    int32_t stack[STACK_MAX];
    int32_t vars[NVARS];
    int rstack[16];
    int sp, rsp, pc;
    long steps;
};

enum vm_status { VM_OK, VM_STACK, VM_DIV0, VM_BADOP, VM_LIMIT };

static enum vm_status vm_run(struct vm *m, const int32_t *code, int len)
{
#define NEED(n) do { if (m->sp < (n)) return VM_STACK; } while (0)
#define ROOM() do { if (m->sp >= STACK_MAX) return VM_STACK; } while (0)
    uint32_t a, b;
    while (m->pc < len) {
        if (++m->steps > 100000)
            return VM_LIMIT;
        int32_t op = code[m->pc++];
        switch (op) {
        case OP_HALT: return VM_OK;
        case OP_PUSH: ROOM(); m->stack[m->sp++] = code[m->pc++]; break;
        case OP_POP: NEED(1); m->sp--; break;
        case OP_DUP: NEED(1); ROOM(); m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
        case OP_SWAP: { NEED(2); int32_t t = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = t; break; }
        case OP_OVER: NEED(2); ROOM(); m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_AND: case OP_OR:
        case OP_XOR: case OP_SHL: case OP_SHR: case OP_EQ: case OP_LT: case OP_GT:
            NEED(2);
            b = (uint32_t)m->stack[--m->sp];
            a = (uint32_t)m->stack[m->sp - 1];
            switch (op) {
            case OP_ADD: a = a + b; break;
            case OP_SUB: a = a - b; break;
            case OP_MUL: a = a * b; break;
            case OP_AND: a &= b; break;
            case OP_OR: a |= b; break;
            case OP_XOR: a ^= b; break;
            case OP_SHL: a <<= (b & 31u); break;
            case OP_SHR: a >>= (b & 31u); break;
            case OP_EQ: a = (a == b); break;
            case OP_LT: a = ((int32_t)a < (int32_t)b); break;
            case OP_GT: a = ((int32_t)a > (int32_t)b); break;
            default: break;
            }
            m->stack[m->sp - 1] = (int32_t)a;
            break;
        case OP_DIV: case OP_MOD: {
            NEED(2);
            int32_t d = m->stack[--m->sp];
            int32_t n = m->stack[m->sp - 1];
            if (d == 0 || (d == -1 && n == INT32_MIN))
                return VM_DIV0;
            m->stack[m->sp - 1] = (op == OP_DIV) ? n / d : n % d;
            break;
        }
        case OP_NEG: NEED(1); m->stack[m->sp - 1] = (int32_t)(0u - (uint32_t)m->stack[m->sp - 1]); break;
        case OP_NOT: NEED(1); m->stack[m->sp - 1] = !m->stack[m->sp - 1]; break;
        case OP_JMP: m->pc = code[m->pc]; break;
        case OP_JZ: NEED(1); m->pc = m->stack[--m->sp] == 0 ? code[m->pc] : m->pc + 1; break;
        case OP_JNZ: NEED(1); m->pc = m->stack[--m->sp] != 0 ? code[m->pc] : m->pc + 1; break;
        case OP_LOAD: ROOM(); m->stack[m->sp++] = m->vars[code[m->pc++] & (NVARS - 1)]; break;
        case OP_STORE: NEED(1); m->vars[code[m->pc++] & (NVARS - 1)] = m->stack[--m->sp]; break;
        case OP_PRINT: NEED(1); printf("  out: %d\n", (int)m->stack[--m->sp]); break;
        case OP_CALL:
            if (m->rsp >= 16) return VM_STACK;
            m->rstack[m->rsp++] = m->pc + 1;
            m->pc = code[m->pc];
            break;
        case OP_RET:
            if (m->rsp <= 0) return VM_STACK;
            m->pc = m->rstack[--m->rsp];
            break;
        default:
            return VM_BADOP;
        }
    }
    return VM_OK;
#undef NEED
#undef ROOM
}

/* factorial(10) using a loop; var0 = n, var1 = acc */
static const int32_t prog_fact[] = {
    OP_PUSH, 10, OP_STORE, 0, OP_PUSH, 1, OP_STORE, 1,
    /* 8: */ OP_LOAD, 0, OP_JZ, 28,
    OP_LOAD, 1, OP_LOAD, 0, OP_MUL, OP_STORE, 1,
    OP_LOAD, 0, OP_PUSH, 1, OP_SUB, OP_STORE, 0, OP_JMP, 8,
};

/* Print first 12 fibonacci numbers via a subroutine that prints TOS. */
static const int32_t prog_fib[] = {
    OP_PUSH, 0, OP_PUSH, 1, OP_PUSH, 12, OP_STORE, 2,
    /* 8: */ OP_OVER, OP_CALL, 30, OP_SWAP, OP_OVER, OP_ADD,
    OP_LOAD, 2, OP_PUSH, 1, OP_SUB, OP_DUP, OP_STORE, 2,
    OP_JNZ, 8, OP_HALT, OP_HALT, OP_HALT, OP_HALT, OP_HALT, OP_HALT,
    /* 30: */ OP_PRINT, OP_RET,
};

static const int32_t prog_bits[] = {
    OP_PUSH, 0x1234, OP_PUSH, 4, OP_SHL, OP_PUSH, 0xFF0F, OP_XOR, OP_DUP, OP_PRINT,
    OP_PUSH, 3, OP_SHR, OP_PUSH, 1000, OP_MOD, OP_NEG, OP_PRINT,
    OP_PUSH, 5, OP_PUSH, 7, OP_LT, OP_PUSH, 9, OP_PUSH, 2, OP_GT, OP_AND, OP_NOT, OP_PRINT,
    OP_PUSH, 1, OP_PUSH, 0, OP_DIV,
};

static const int32_t prog_bad[] = { OP_PUSH, 1, OP_ADD };

static void run(const char *name, const int32_t *code, int len)
{
    struct vm m = { { 0 }, { 0 }, { 0 }, 0, 0, 0, 0 };
    printf("%s:\n", name);
    enum vm_status st = vm_run(&m, code, len);
    printf("  status=%d steps=%ld sp=%d var1=%d\n", (int)st, m.steps, m.sp, (int)m.vars[1]);
}

#define RUN(p) run(#p, p, (int)(sizeof p / sizeof p[0]))

int main(void)
{
    RUN(prog_fact);
    RUN(prog_fib);
    RUN(prog_bits);
    RUN(prog_bad);
    return 0;
}

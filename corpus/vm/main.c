/* A tiny stack-based bytecode interpreter. */
#include <stdio.h>
#include <string.h>

enum op { OP_PUSH, OP_POP, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_DUP, OP_SWAP, OP_OVER,
          OP_JMP, OP_JZ, OP_JNZ, OP_LT, OP_EQ, OP_LOAD, OP_STORE, OP_PRINT, OP_CALL, OP_RET,
          OP_NEG, OP_NOT, OP_AND, OP_OR, OP_HALT };

static const char *const op_names[] = {"push", "pop", "add", "sub", "mul", "div", "mod", "dup", "swap", "over",
    "jmp", "jz", "jnz", "lt", "eq", "load", "store", "print", "call", "ret", "neg", "not", "and", "or", "halt"};

struct vm { long stack[256]; int sp; long vars[16]; int rstack[64]; int rsp; long steps; int profile[OP_HALT + 1]; };

static int run(struct vm *m, const int *code)
{
    int pc = 0;
    for (;;) {
        int op = code[pc++];
        if (op < 0 || op > OP_HALT) {
            printf("bad opcode %d at %d\n", op, pc - 1);
            return -2;
        }
        m->steps++;
        m->profile[op]++;
        switch (op) {
        case OP_PUSH: m->stack[m->sp++] = code[pc++]; break;
        case OP_POP: m->sp--; break;
        case OP_ADD: m->sp--; m->stack[m->sp - 1] += m->stack[m->sp]; break;
        case OP_SUB: m->sp--; m->stack[m->sp - 1] -= m->stack[m->sp]; break;
        case OP_MUL: m->sp--; m->stack[m->sp - 1] *= m->stack[m->sp]; break;
        case OP_DIV: m->sp--; if (!m->stack[m->sp]) return -1; m->stack[m->sp - 1] /= m->stack[m->sp]; break;
        case OP_MOD: m->sp--; if (!m->stack[m->sp]) return -1; m->stack[m->sp - 1] %= m->stack[m->sp]; break;
        case OP_DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
        case OP_SWAP: { long t = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = t; break; }
        case OP_OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: pc = m->stack[--m->sp] == 0 ? code[pc] : pc + 1; break;
        case OP_JNZ: pc = m->stack[--m->sp] != 0 ? code[pc] : pc + 1; break;
        case OP_LT: m->sp--; m->stack[m->sp - 1] = m->stack[m->sp - 1] < m->stack[m->sp]; break;
        case OP_EQ: m->sp--; m->stack[m->sp - 1] = m->stack[m->sp - 1] == m->stack[m->sp]; break;
        case OP_LOAD: m->stack[m->sp++] = m->vars[code[pc++]]; break;
        case OP_STORE: m->vars[code[pc++]] = m->stack[--m->sp]; break;
        case OP_PRINT: printf("%ld\n", m->stack[--m->sp]); break;
        case OP_CALL: m->rstack[m->rsp++] = pc + 1; pc = code[pc]; break;
        case OP_RET: pc = m->rstack[--m->rsp]; break;
        case OP_NEG: m->stack[m->sp - 1] = -m->stack[m->sp - 1]; break;
        case OP_NOT: m->stack[m->sp - 1] = !m->stack[m->sp - 1]; break;
        case OP_AND: m->sp--; m->stack[m->sp - 1] &= m->stack[m->sp]; break;
        case OP_OR: m->sp--; m->stack[m->sp - 1] |= m->stack[m->sp]; break;
        case OP_HALT: return 0;
        }
    }
}

int main(void)
{
    /* program 1: sum of i*i for i in 0..999, printing every 250th partial sum */
    static const int prog1[] = {
        OP_PUSH, 0, OP_STORE, 0,                                 /* 0 */
        OP_PUSH, 0, OP_STORE, 1,                                 /* 4 */
        OP_LOAD, 0, OP_PUSH, 1000, OP_LT, OP_JZ, 43,             /* 8..14 */
        OP_LOAD, 1, OP_LOAD, 0, OP_DUP, OP_MUL, OP_ADD, OP_STORE, 1, /* 15..23 */
        OP_LOAD, 0, OP_PUSH, 250, OP_MOD, OP_JNZ, 34,            /* 24..30 */
        OP_LOAD, 1, OP_PRINT,                                    /* 31..33 */
        OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_STORE, 0, OP_JMP, 8,  /* 34..42 */
        OP_LOAD, 1, OP_PRINT, OP_HALT                            /* 43..46 */
    };
    /* program 2: iterative fibonacci via subroutine, printing fib(0..30 step 5) */
    static const int prog2[] = {
        OP_PUSH, 0, OP_STORE, 5,                      /* 0: n = 0 */
        OP_LOAD, 5, OP_PUSH, 31, OP_LT, OP_JZ, 27,    /* 4..10 */
        OP_CALL, 28,                                  /* 11..12 */
        OP_LOAD, 2, OP_PRINT,                         /* 13..15 */
        OP_LOAD, 5, OP_PUSH, 5, OP_ADD, OP_STORE, 5,  /* 16..22 */
        OP_JMP, 4,                                    /* 23..24 */
        OP_HALT, OP_HALT, OP_HALT,                    /* 25..27 */
        /* 28: fib subroutine: a=0 (v2), b=1 (v3), k=n (v4) */
        OP_PUSH, 0, OP_STORE, 2, OP_PUSH, 1, OP_STORE, 3, OP_LOAD, 5, OP_STORE, 4, /* 28..39 */
        OP_LOAD, 4, OP_JZ, 61,                        /* 40..43 */
        OP_LOAD, 2, OP_LOAD, 3, OP_DUP, OP_STORE, 2, OP_ADD, OP_STORE, 3, /* 44..53 */
        OP_LOAD, 4, OP_PUSH, 1, OP_SUB, OP_STORE, 4,  /* 54..60 -> falls to 61? no: loop */
        OP_RET                                        /* 61 */
    };
    int code2[sizeof prog2 / sizeof prog2[0] + 4];
    memcpy(code2, prog2, sizeof prog2);
    /* insert a jump back to 40 at 61 and move RET to 63 */
    code2[61] = OP_JMP; code2[62] = 40; code2[63] = OP_RET;
    code2[43] = 63;

    struct vm m;
    memset(&m, 0, sizeof m);
    int rc = run(&m, prog1);
    printf("prog1 rc=%d steps=%ld sp=%d\n", rc, m.steps, m.sp);
    memset(&m, 0, sizeof m);
    rc = run(&m, code2);
    printf("prog2 rc=%d steps=%ld sp=%d\n", rc, m.steps, m.sp);
    for (int i = 0; i <= OP_HALT; i++)
        if (m.profile[i]) printf("  %-5s %d\n", op_names[i], m.profile[i]);
    static const int prog3[] = {OP_PUSH, 7, OP_PUSH, 0, OP_DIV, OP_HALT};
    memset(&m, 0, sizeof m);
    printf("prog3 rc=%d\n", run(&m, prog3));
    static const int prog4[] = {OP_PUSH, 12, OP_PUSH, 10, OP_AND, OP_PUSH, 1, OP_OR, OP_NEG, OP_DUP, OP_PRINT, OP_NOT, OP_PRINT,
                                OP_PUSH, 3, OP_PUSH, 4, OP_OVER, OP_SWAP, OP_SUB, OP_MUL, OP_PRINT, OP_PUSH, 5, OP_PUSH, 5, OP_EQ, OP_PRINT, 99};
    memset(&m, 0, sizeof m);
    printf("prog4 rc=%d\n", run(&m, prog4));
    return 0;
}

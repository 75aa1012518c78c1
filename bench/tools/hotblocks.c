/* QEMU user-mode plugin: where a program spends its executed instructions.
 *
 *   qemu-aarch64 -plugin libhotblocks.so[,out=FILE] ./program
 *
 * writes "<count of executed instructions> <block address> <instructions in block>" for the 40 hottest
 * translation blocks. Used to find which translated code is expensive (map addresses with llvm-nm). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*atexit_cb_t)(qemu_plugin_id_t id, void *p);
extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb_t cb);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
extern void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *ptr, uint64_t imm);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, atexit_cb_t cb, void *userdata);
__attribute__((visibility("default"))) int qemu_plugin_version = 1;

typedef struct Block { uint64_t vaddr, insns, executed; struct Block *next; } Block;
static Block *blocks;
static const char *out_path;

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    Block *b = calloc(1, sizeof *b);
    b->vaddr = qemu_plugin_tb_vaddr(tb);
    b->insns = qemu_plugin_tb_n_insns(tb);
    b->next = blocks;
    blocks = b;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, 0 /* INLINE_ADD_U64 */, &b->executed, b->insns);
}

static int by_executed(const void *a, const void *b) {
    uint64_t x = (*(Block *const *)a)->executed, y = (*(Block *const *)b)->executed;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void at_end(qemu_plugin_id_t id, void *p) {
    size_t n = 0;
    for (Block *b = blocks; b; b = b->next) n++;
    Block **all = malloc(n * sizeof *all);
    n = 0;
    for (Block *b = blocks; b; b = b->next) all[n++] = b;
    qsort(all, n, sizeof *all, by_executed);
    FILE *f = out_path ? fopen(out_path, "w") : stderr;
    if (!f) f = stderr;
    for (size_t i = 0; i < n && i < 40; i++)
        fprintf(f, "%llu 0x%llx %llu\n", (unsigned long long)all[i]->executed, (unsigned long long)all[i]->vaddr,
                (unsigned long long)all[i]->insns);
    if (f != stderr) fclose(f);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv) {
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "out=", 4) == 0) out_path = argv[i] + 4;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
    qemu_plugin_register_atexit_cb(id, at_end, NULL);
    return 0;
}

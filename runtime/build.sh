#!/bin/sh
# Builds the xlate runtime for aarch64-linux.
#   runtime/build.sh OUTDIR
# Produces OUTDIR/xlate_rt.o (one relocatable object, `ld.lld-19 -r` of all runtime objects: link it whole,
# it contains _start) and OUTDIR/libxlate_rt.a (an archive holding that same object), plus OUTDIR/link.ld.in.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build.sh OUTDIR}
mkdir -p "$OUT/obj"
OUT=$(cd "$OUT" && pwd)
CC=${CC:-clang-19}
CFLAGS="--target=aarch64-linux-gnu -ffreestanding -nostdlib -fno-builtin -fno-stack-protector -O2 \
 -fno-pic -fno-pie -mgeneral-regs-only -mno-outline-atomics -fno-asynchronous-unwind-tables -fno-unwind-tables \
 -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -I$HERE/include -I$HERE/src"
SRCS="src/start.S src/start.c src/libc.c src/lookup.c src/trap.c src/cpuid.c src/memory.c \
 src/signal.c src/signal_fpstate.c src/fault_pc.c src/thread.c src/syscalls/common.c src/syscalls/x86_64.c src/syscalls/i386.c src/syscalls/i386_files.c \
 src/syscalls/i386_net.c src/syscalls/i386_events.c src/syscalls/strace.c src/syscalls/i386_compat.c src/int128.c src/x87.c src/x87_math.c src/sse42.c src/crypto.c src/xsave.c"
objs=""
pids=""
for s in $SRCS; do
    o="$OUT/obj/$(echo "$s" | tr '/' '_').o"
    objs="$objs $o"
    $CC $CFLAGS -c "$HERE/$s" -o "$o" &
    pids="$pids $!"
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
[ $fail -eq 0 ] || { echo "runtime build failed" >&2; exit 1; }
ld.lld-19 -r -o "$OUT/xlate_rt.o" $objs
rm -f "$OUT/libxlate_rt.a"
llvm-ar-19 rcs "$OUT/libxlate_rt.a" "$OUT/xlate_rt.o"
cp "$HERE/link.ld.in" "$OUT/link.ld.in"

#!/bin/bash
# Builds the runtime and the self-test (both guest modes) and runs them under qemu-aarch64 (or natively on arm64).
# Prints "N passed, N failed"; exits non-zero on failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
RT=$(cd "$HERE/.." && pwd)
OUT=${1:-$(mktemp -d /tmp/xlate-rt-test.XXXXXX)}
mkdir -p "$OUT"
pass=0; fail=0
ok()  { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1${2:+: $2}"; }
if [ "$(uname -m)" = aarch64 ]; then RUN=(); else RUN=(qemu-aarch64); fi

"$RT/build.sh" "$OUT" || { echo "0 passed, 1 failed"; exit 1; }
sed 's|^/\*GUEST_SECTIONS\*/$||' "$RT/link.ld.in" > "$OUT/link.ld"
CFLAGS="--target=aarch64-linux-gnu -ffreestanding -nostdlib -fno-builtin -fno-stack-protector -O2 -fno-pic -fno-pie
 -mgeneral-regs-only -Wall -Wextra -Werror -Wno-unused-parameter -I$RT/include -I$RT/src"
for mode in 64 32; do
    clang-19 $CFLAGS -DMODE=$mode -c "$HERE/selftest.c" -o "$OUT/selftest$mode.o" || { bad "compile selftest$mode"; continue; }
    ld.lld-19 -static -nostdlib --no-dynamic-linker -z max-page-size=4096 -z common-page-size=4096 -z norelro -T "$OUT/link.ld" -o "$OUT/selftest$mode" \
        "$OUT/xlate_rt.o" "$OUT/selftest$mode.o" || { bad "link selftest$mode"; continue; }
done

# guest ABI structs vs the real x86 UAPI headers (compile-only)
CLANG_RES=$(clang-19 -print-resource-dir)
if [ -d /usr/i686-linux-gnu/include ]; then
    clang-19 --target=i686-linux-gnu -nostdinc -isystem "$CLANG_RES/include" -isystem /usr/i686-linux-gnu/include \
        -fsyntax-only "$HERE/abi_check.c" && ok "i386 ABI structs match /usr/i686-linux-gnu headers" || bad "i386 ABI structs"
fi
clang-19 --target=x86_64-linux-gnu -fsyntax-only "$HERE/abi_check.c" && ok "x86-64 ABI structs match /usr/include" || bad "x86-64 ABI structs"

FILE="$RT/tests/selftest.c"
expect_size=$(stat -c %s "$FILE")
expect_head=$(head -c 16 "$FILE" | od -An -tx1 | tr -d ' \n')
for mode in 64 32; do
    exe="$OUT/selftest$mode"
    [ -x "$exe" ] || continue
    echo "mode $mode:"
    # The shell's pid becomes the program's pid through exec.
    XLATE_TEST_ENV=hello-env sh -c 'echo $$ >"$0.pid"; echo $PPID >"$0.ppid"; exec "$@"' "$OUT/run$mode" \
        "${RUN[@]}" "$exe" "$FILE" "two words" >"$OUT/out$mode" 2>"$OUT/err$mode"
    rc=$?
    o="$OUT/out$mode"
    [ $rc -eq 42 ] && ok "exit status 42" || bad "exit status" "got $rc"
    n=$(grep -c '^FAIL' "$o"); [ "$n" -eq 0 ] && ok "all in-guest checks ($(grep -c '^ok' "$o") ok)" || bad "in-guest checks" "$(grep '^FAIL' "$o" | tr '\n' ' ')"
    grep -qx "argc=3" "$o" && ok argc || bad argc
    grep -qx "argv\[1\]=$FILE" "$o" && grep -qx "argv\[2\]=two words" "$o" && ok argv || bad argv
    grep -qx "env=hello-env" "$o" && ok envp || bad envp
    grep -qx "pid=$(cat "$OUT/run$mode.pid")" "$o" && ok getpid || bad getpid "$(grep ^pid= "$o") vs $(cat "$OUT/run$mode.pid")"
    grep -qx "ppid=$(cat "$OUT/run$mode.ppid")" "$o" && ok getppid || bad getppid
    grep -qx "uid=$(id -u)" "$o" && grep -qx "auxv-uid=$(id -u)" "$o" && ok uid || bad uid
    m=x86_64 # an x86-64 kernel answers x86_64 to 32-bit processes too (i686 only under personality(PER_LINUX32))
    grep -qx "machine=$m" "$o" && ok "uname machine" || bad "uname machine"
    grep -qx "size=$expect_size" "$o" && ok "file size matches stat" || bad "file size" "$(grep ^size= "$o") vs $expect_size"
    grep -qx "head=$expect_head" "$o" && ok "file contents" || bad "file contents"
    now=$(date +%s); t=$(sed -n 's/^time=//p' "$o")
    [ -n "$t" ] && [ $((now - t)) -le 5 ] && [ $((now - t)) -ge -1 ] && ok "time matches date" || bad "time" "$t vs $now"
    grep -qx "cpuid0=GenuineIntel max=13" "$o" && ok "cpuid 0" || bad "cpuid 0"
    # docs/cpuid.md: the same for both modes: SSE..SSE4.2, AVX, FMA, F16C, XSAVE/OSXSAVE, AES, PCLMULQDQ, MOVBE, POPCNT, CX16
    e=0x7808111 c=0x3ed83203
    grep -qx "cpuid1.edx=$e ecx=$c" "$o" && ok "cpuid 1" || bad "cpuid 1"
    grep -qx "writev-works" "$o" && ok writev || bad writev
    abi=x86-64; [ $mode = 32 ] && abi=i386
    [ "$(grep -c "^xlate: unsupported $abi syscall [0-9]* (kexec_load) at guest address 0x[0-9a-f]* (returns -ENOSYS)$" "$OUT/err$mode")" -eq 1 ] && ok "unsupported syscall reported once" || bad "unsupported syscall report" "$(cat "$OUT/err$mode")"
    # XLATE_STRACE
    XLATE_STRACE=1 "${RUN[@]}" "$exe" "$FILE" >/dev/null 2>"$OUT/strace$mode"
    grep -q "getpid" "$OUT/strace$mode" && grep -q "exit_group" "$OUT/strace$mode" && ok "XLATE_STRACE" || bad "XLATE_STRACE"
    # traps and bad jumps: exit like the native program would
    "${RUN[@]}" "$exe" ud2 >/dev/null 2>"$OUT/trap$mode"; rc=$?
    [ $rc -eq 132 ] && ok "ud2 -> SIGILL (132)" || bad "ud2" "rc=$rc"
    "${RUN[@]}" "$exe" divide >/dev/null 2>&1; rc=$?
    [ $rc -eq 136 ] && ok "divide -> SIGFPE (136)" || bad "divide" "rc=$rc"
    "${RUN[@]}" "$exe" unsupported >/dev/null 2>"$OUT/unsup$mode"; rc=$?
    [ $rc -eq 132 ] && grep -q "^xlate: unsupported instruction 'fsincos' (bytes d9 fb) at guest address 0x1024$" "$OUT/unsup$mode" \
        && ok "unsupported instruction trap" || bad "unsupported instruction trap" "rc=$rc $(cat "$OUT/unsup$mode")"
    "${RUN[@]}" "$exe" nowhere >/dev/null 2>"$OUT/nowhere$mode"; rc=$?
    [ $rc -eq 127 ] && grep -q "^xlate: no translation for guest address 0xdead (jumped to from 0x0)$" "$OUT/nowhere$mode" \
        && ok "untranslated target -> 127" || bad "untranslated target" "rc=$rc $(cat "$OUT/nowhere$mode")"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

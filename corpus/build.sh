#!/usr/bin/env bash
# Builds the corpus programs as static x86 executables in 5 variants:
#   OUTDIR/<name>.i386.O0  OUTDIR/<name>.i386.O2  OUTDIR/<name>.x64.O0  OUTDIR/<name>.x64.O2
#   OUTDIR/<name>.x64.avx2 (-O3 -mavx2 -mfma: gcc vectorises with 256-bit AVX2 and contracts to FMA)
# Usage: corpus/build.sh OUTDIR [name...]     (default: every corpus/<name>/main.c)
# An output newer than its main.c and this script is not rebuilt.
set -euo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 OUTDIR [name...]" >&2; exit 2; fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
shift

if [ $# -gt 0 ]; then
    NAMES=("$@")
else
    NAMES=()
    for d in "$HERE"/*/; do
        [ -f "$d/main.c" ] && NAMES+=("$(basename "$d")")
    done
fi

JOBS=()
for n in "${NAMES[@]}"; do
    if [ ! -f "$HERE/$n/main.c" ]; then echo "build.sh: no such program: $n" >&2; exit 1; fi
    for arch in i386 x64; do
        for opt in O0 O2; do
            JOBS+=("$n $arch $opt")
        done
    done
    JOBS+=("$n x64 avx2")
done

build_one() { # name arch opt
    local n=$1 arch=$2 opt=$3 cc
    case $arch in
        i386) cc=i686-linux-gnu-gcc ;;
        x64) cc=gcc ;;
    esac
    local src="$HERE/$n/main.c" out="$OUT/$n.$arch.$opt"
    if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$HERE/build.sh" ]; then
        return 0
    fi
    local flags=(-"$opt")
    [ "$opt" = avx2 ] && flags=(-O3 -mavx2 -mfma)
    if ! "$cc" -static "${flags[@]}" -g0 -fno-pie -no-pie -o "$out.tmp.$$" "$src" -lm; then
        echo "build.sh: FAILED to build $n ($arch $opt)" >&2
        rm -f "$out.tmp.$$"
        return 1
    fi
    mv -f "$out.tmp.$$" "$out"
}
export -f build_one
export HERE OUT

printf '%s\n' "${JOBS[@]}" | xargs -P "${XLATE_BUILD_JOBS:-2}" -L 1 bash -c 'build_one $0 $1 $2'

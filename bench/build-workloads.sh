#!/usr/bin/env bash
# Builds the benchmark workloads of `xlate bench` for x86-64, i386 and AArch64 (the native reference).
# Usage: bench/build-workloads.sh OUTDIR WORKLOAD...   -> OUTDIR/WORKLOAD.{x64,i386,arm64} (+ data files)
# Workloads: tiny intmark recordmark lua zlib bzip2 sqlite xz xzmt. Third-party sources come from Debian source packages,
# cached outside the repository in ${XLATE_CACHE:-$HOME/.cache/xlate}/src.
set -euo pipefail

if [ $# -lt 2 ]; then echo "usage: $0 OUTDIR WORKLOAD..." >&2; exit 2; fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$1; shift
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CACHE=${XLATE_CACHE:-$HOME/.cache/xlate}/src
mkdir -p "$CACHE"

# name compiler extra-flags
TARGETS=("x64 gcc -m64" "i386 i686-linux-gnu-gcc" "arm64 aarch64-linux-gnu-gcc")

# shellcheck source=../tools/debian-source.sh
source "$ROOT/tools/debian-source.sh"

# up_to_date OUTPUT INPUT... : true when OUTPUT exists and is newer than every input (and this script)
up_to_date() {
    local out=$1; shift
    [ -f "$out" ] || return 1
    [ -z "$(find "$@" "$0" -newer "$out" -type f 2>/dev/null | head -n1)" ]
}

# compile WORKLOAD "SOURCES..." "FLAGS..." : static -O2 build for every target, in parallel; @ARCH@ in SOURCES and
# FLAGS stands for the target's name (x64, i386, arm64)
# (FLAGS come after the sources, so libraries such as -lm resolve their references)
compile() {
    local name=$1 sources=$2 flags=$3 pids=()
    for t in "${TARGETS[@]}"; do
        set -- $t
        local arch=$1; shift
        local out="$OUT/$name.$arch" arch_sources=${sources//@ARCH@/$arch} arch_flags=${flags//@ARCH@/$arch}
        # shellcheck disable=SC2086
        if up_to_date "$out" $arch_sources; then continue; fi
        echo "build-workloads: building $name.$arch" >&2
        # shellcheck disable=SC2086
        ( "$@" -static -O2 -o "$out.tmp$$" $arch_sources $arch_flags && mv "$out.tmp$$" "$out" ) &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
}

# Static liblzma (xz-utils) for every target, configured and built once per target in the source cache:
# SRC/xlate-build/ARCH/src/liblzma/.libs/liblzma.a; with "mt", the threaded library in SRC/xlate-build/ARCH-mt.
build_liblzma() {
    local src=$1 variant=${2:-} pids=() triplets=("x64 x86_64-linux-gnu gcc -m64" "i386 i686-linux-gnu i686-linux-gnu-gcc"
        "arm64 aarch64-linux-gnu aarch64-linux-gnu-gcc")
    local threads=--disable-threads suffix=""
    if [ "$variant" = mt ]; then threads=--enable-threads=posix; suffix=-mt; fi
    for t in "${triplets[@]}"; do
        set -- $t
        local arch=$1 host=$2; shift 2
        local dir="$src/xlate-build/$arch$suffix"
        [ -f "$dir/src/liblzma/.libs/liblzma.a" ] && continue
        echo "build-workloads: building liblzma$suffix for $arch" >&2
        (
            rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
            "$src/configure" --host="$host" CC="$*" CFLAGS=-O2 --disable-shared --enable-static $threads \
                --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-lzma-links \
                --disable-scripts --disable-doc --disable-nls >configure.log 2>&1 \
                || { echo "build-workloads: liblzma configure failed for $arch, see $dir/configure.log" >&2; exit 1; }
            make -C src/liblzma >make.log 2>&1 \
                || { echo "build-workloads: liblzma build failed for $arch, see $dir/make.log" >&2; exit 1; }
        ) &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
}

build_one() {
    local w=$1 src
    case "$w" in
        tiny)
            compile tiny "$HERE/workloads/tiny.c" "-nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector" ;;
        intmark | recordmark)
            compile "$w" "$HERE/workloads/$w.c" "" ;;
        zlib)
            src=$(debian_source zlib)
            local files="$HERE/workloads/zlibmark.c"
            for f in adler32 compress crc32 deflate inffast inflate inftrees trees uncompr zutil; do files+=" $src/$f.c"; done
            compile zlib "$files" "-I$src -lm" ;;
        bzip2)
            src=$(debian_source bzip2)
            local files="$HERE/workloads/bzip2mark.c"
            for f in blocksort huffman crctable randtable compress decompress bzlib; do files+=" $src/$f.c"; done
            compile bzip2 "$files" "-I$src -D_FILE_OFFSET_BITS=64" ;;
        sqlite)
            # speedtest1 (sqlite's own benchmark) on the amalgamation, which is generated once on the host.
            src=$(debian_source sqlite3)
            local amalgamation="$src/xlate-amalgamation"
            if [ ! -f "$amalgamation/sqlite3.c" ]; then
                command -v tclsh >/dev/null || { echo "build-workloads: sqlite needs tclsh (apt-get install tcl)" >&2; exit 1; }
                echo "build-workloads: generating the sqlite3 amalgamation" >&2
                rm -rf "$amalgamation.tmp$$"
                mkdir -p "$amalgamation.tmp$$"
                ( cd "$amalgamation.tmp$$" && ../configure --disable-tcl >/dev/null && make sqlite3.c >/dev/null ) >&2
                mv "$amalgamation.tmp$$" "$amalgamation"
            fi
            compile sqlite "$amalgamation/sqlite3.c $src/test/speedtest1.c" \
                "-I$amalgamation -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -w -lm" ;;
        xz)
            src=$(debian_source xz-utils)
            build_liblzma "$src"
            compile xz "$HERE/workloads/xzmark.c $src/xlate-build/@ARCH@/src/liblzma/.libs/liblzma.a" \
                "-I$src/src/liblzma/api" ;;
        xzmt)
            src=$(debian_source xz-utils)
            build_liblzma "$src" mt
            compile xzmt "$HERE/workloads/xzmtmark.c $src/xlate-build/@ARCH@-mt/src/liblzma/.libs/liblzma.a" \
                "-I$src/src/liblzma/api -pthread" ;;
        lua)
            # The x86 builds come from the corpus script (same bytes, so translations are shared with the tests).
            bash "$ROOT/corpus/lua/build.sh" "$OUT/lua-corpus" >&2
            cp -p "$OUT/lua-corpus/lua.x64" "$OUT/lua.x64"
            cp -p "$OUT/lua-corpus/lua.i386" "$OUT/lua.i386"
            src=$(ls -d "$CACHE"/lua5.4-*/src | head -n1)
            local inc="$CACHE/lua-include/aarch64-linux-gnu" files=""
            mkdir -p "$inc"
            echo '#define DEB_HOST_MULTIARCH "aarch64-linux-gnu"' > "$inc/lua5.4-deb-multiarch.h"
            for f in "$src"/*.c; do [ "$(basename "$f")" = luac.c ] || files+=" $f"; done
            # shellcheck disable=SC2086
            if ! up_to_date "$OUT/lua.arm64" $files; then
                echo "build-workloads: building lua.arm64" >&2
                # shellcheck disable=SC2086
                aarch64-linux-gnu-gcc -static -O2 -std=gnu99 -I"$inc" -DLUA_COMPAT_5_3 -DLUA_USE_POSIX \
                    -o "$OUT/lua.arm64.tmp" $files -lm
                mv "$OUT/lua.arm64.tmp" "$OUT/lua.arm64"
            fi
            cp "$ROOT/corpus/lua/bench.lua" "$OUT/bench.lua" ;;
        *) echo "build-workloads: unknown workload '$w'" >&2; exit 2 ;;
    esac
}

for w in "$@"; do build_one "$w"; done

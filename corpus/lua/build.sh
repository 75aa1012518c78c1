#!/usr/bin/env bash
# Builds a static Lua 5.4 interpreter for i386 and x86-64 from Debian's source package.
# Usage: corpus/lua/build.sh OUTDIR      -> OUTDIR/lua.i386, OUTDIR/lua.x64
# Sources are cached outside the repository in ${XLATE_CACHE:-$HOME/.cache/xlate}/src.
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 OUTDIR" >&2; exit 2; fi
OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CACHE=${XLATE_CACHE:-$HOME/.cache/xlate}/src
mkdir -p "$CACHE"

# shellcheck source=../../tools/debian-source.sh
source "$(cd "$(dirname "$0")/../.." && pwd)/tools/debian-source.sh"
LUASRC=$(debian_source lua5.4)/src

SOURCES=()
for f in "$LUASRC"/*.c; do
    case "$(basename "$f")" in luac.c) continue ;; esac
    SOURCES+=("$f")
done

build() { # compiler multiarch output
    local cc=$1 multiarch=$2 out=$3
    if [ -f "$out" ]; then
        local newer
        newer=$(find "$LUASRC" "$0" -newer "$out" -type f | head -n1)
        if [ -z "$newer" ]; then return 0; fi
    fi
    echo "lua/build.sh: building $out" >&2
    # Debian's luaconf.h patch includes a generated header naming the multiarch triplet.
    local inc="$CACHE/lua-include/$multiarch"
    mkdir -p "$inc"
    echo "#define DEB_HOST_MULTIARCH \"$multiarch\"" > "$inc/lua5.4-deb-multiarch.h"
    "$cc" -static -O2 -std=gnu99 -I"$inc" -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -o "$out.tmp" "${SOURCES[@]}" -lm
    mv "$out.tmp" "$out"
}

build i686-linux-gnu-gcc i386-linux-gnu "$OUT/lua.i386" &
p1=$!
build gcc x86_64-linux-gnu "$OUT/lua.x64" &
p2=$!
wait $p1
wait $p2

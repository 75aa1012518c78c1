#!/usr/bin/env bash
# Fetches Debian's qemu-x86_64-static and qemu-i386-static built for arm64 (the external JIT of `xlate bench`)
# without installing anything: apt-get download + dpkg-deb -x.  Usage: bench/fetch-qemu-x86.sh DESTDIR
# On success DESTDIR holds qemu-x86_64-static and qemu-i386-static; on failure the last stderr line says why.
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 DESTDIR" >&2; exit 2; fi
DEST=$1
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if ! apt-get download qemu-user-static:arm64 >/dev/null 2>&1; then
    # The arm64 package index is only there once the architecture is known to dpkg.
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        if [ "$(id -u)" -ne 0 ]; then echo "arm64 is not a dpkg architecture here (run: dpkg --add-architecture arm64 && apt-get update)" >&2; exit 1; fi
        dpkg --add-architecture arm64
    fi
    apt-get update -qq >/dev/null 2>&1 || true
    if ! apt-get download qemu-user-static:arm64 >/dev/null 2>"$WORK/err"; then
        echo "apt-get download qemu-user-static:arm64 failed: $(tail -n1 "$WORK/err")" >&2
        exit 1
    fi
fi
deb=$(ls qemu-user-static_*_arm64.deb | head -n1)
dpkg-deb --fsys-tarfile "$deb" | tar -x ./usr/bin/qemu-x86_64-static ./usr/bin/qemu-i386-static
mv usr/bin/qemu-x86_64-static usr/bin/qemu-i386-static "$DEST/"
echo "$DEST"

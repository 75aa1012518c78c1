#!/bin/sh
# Builds the path-A test kernel: Debian's linux-source-6.1 + rig/compat-bit31.patch, config = tinyconfig +
# rig/kernel.config-fragment, cross-built for arm64. Installs what it needs with apt-get (idempotent).
# The Image is cached under ${XLATE_CACHE_DIR:-~/.cache/xlate}/kernel/<sha256 of patch+fragment+source version>/,
# together with gen_init_cpio (to pack initramfs images). Prints that folder as the last line of stdout.
#   rig/build-kernel.sh            build if not cached
#   XLATE_KERNEL_JOBS=N            parallel make jobs (default: nproc)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PACKAGES="linux-source-6.1 qemu-system-arm flex bison bc libssl-dev libelf-dev cpio gcc-aarch64-linux-gnu \
 libc6-dev-arm64-cross xz-utils make gcc"

say() { echo "build-kernel: $*" >&2; }
die() { echo "build-kernel: error: $*" >&2; exit 1; }

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    say "installing:$missing"
    $SUDO apt-get update -q >&2 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing >&2 || die "apt-get install$missing failed"
fi

SRC_TAR=/usr/src/linux-source-6.1.tar.xz
[ -f "$SRC_TAR" ] || die "$SRC_TAR missing after installing linux-source-6.1"
SRC_VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.1)
case "${XLATE_CACHE_DIR:-}" in ""|off) CACHE="$HOME/.cache/xlate" ;; *) CACHE=$XLATE_CACHE_DIR ;; esac
KEY=$({ cat "$HERE/compat-bit31.patch" "$HERE/kernel.config-fragment"; echo "linux-source-6.1 $SRC_VERSION"; } \
      | sha256sum | cut -c1-64)
OUT="$CACHE/kernel/$KEY"
mkdir -p "$CACHE/kernel"

exec 9>"$CACHE/kernel/.lock"
flock 9   # one build at a time; a second caller waits and then finds the cached Image
if [ -f "$OUT/Image" ] && [ -x "$OUT/gen_init_cpio" ]; then
    say "cached: $OUT/Image"
    echo "$OUT"
    exit 0
fi

WORK="$CACHE/kernel/build-$KEY"
rm -rf "$CACHE"/kernel/build-*   # trees of failed or interrupted builds
mkdir -p "$WORK"
start=$(date +%s)
say "unpacking linux-source-6.1 $SRC_VERSION"
tar -xf "$SRC_TAR" -C "$WORK"
cd "$WORK/linux-source-6.1"
patch -p1 --quiet < "$HERE/compat-bit31.patch" || die "compat-bit31.patch does not apply to linux-source-6.1 $SRC_VERSION"

MAKE="make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j${XLATE_KERNEL_JOBS:-$(nproc)}"
{
    $MAKE tinyconfig
    ARCH=arm64 scripts/kconfig/merge_config.sh -m .config "$HERE/kernel.config-fragment"
    $MAKE olddefconfig
} > "$WORK/config.log" 2>&1 || { tail -20 "$WORK/config.log" >&2; die "configuring the kernel failed (log: $WORK/config.log)"; }
# every =y line of the fragment must have survived (a missing dependency silently drops options)
lost=$(grep '^CONFIG_.*=y$' "$HERE/kernel.config-fragment" | grep -vxFf .config || true)
[ -z "$lost" ] || die "config options lost after olddefconfig (missing dependency?): $(echo $lost)"
say "building Image (log: $WORK/build.log)"
if ! $MAKE Image > "$WORK/build.log" 2>&1; then
    tail -30 "$WORK/build.log" >&2
    die "kernel build failed (log: $WORK/build.log)"
fi
mkdir -p "$OUT"
cp arch/arm64/boot/Image "$OUT/Image.tmp"
gcc -O2 -o "$OUT/gen_init_cpio" usr/gen_init_cpio.c
cp .config "$OUT/config"
echo "$(( $(date +%s) - start ))" > "$OUT/build-seconds"
mv "$OUT/Image.tmp" "$OUT/Image"
cd /
rm -rf "$WORK"
say "built in $(cat "$OUT/build-seconds") s: $OUT/Image"
echo "$OUT"

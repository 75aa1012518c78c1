#!/bin/sh
# Boots the path-A rig kernel under qemu-system-aarch64 with an initramfs made of STAGE/files/* (as /tests/*)
# and STAGE/cases.txt (see rig/init.c for its format), and prints the serial console.
#   rig/run.sh STAGE            (builds the kernel first if it is not cached; XLATE_RIG_TIMEOUT seconds, default 600)
# The guest's clock is set to the host's at boot (rig_time= on the kernel command line, read by rig/init.c).
# The console also goes to STAGE/console.log. Exit status: qemu's (0 after a clean power-off).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
STAGE=$(cd "${1:?usage: run.sh STAGE}" && pwd)
[ -f "$STAGE/cases.txt" ] || { echo "rig/run.sh: $STAGE/cases.txt missing" >&2; exit 2; }
KDIR=$("$HERE/build-kernel.sh" | tail -1)
[ -f "$KDIR/Image" ] || { echo "rig/run.sh: no kernel Image in $KDIR" >&2; exit 1; }

aarch64-linux-gnu-gcc -static -O2 -Wall -o "$STAGE/init" "$HERE/init.c"
LIST="$STAGE/initramfs.list"
{
    echo "dir /dev 0755 0 0"
    echo "nod /dev/console 0600 0 0 c 5 1"
    echo "nod /dev/null 0666 0 0 c 1 3"
    echo "dir /proc 0755 0 0"
    echo "dir /sys 0755 0 0"
    echo "dir /tmp 1777 0 0"
    echo "dir /tests 0755 0 0"
    echo "file /init $STAGE/init 0755 0 0"
    echo "file /cases.txt $STAGE/cases.txt 0644 0 0"
    if [ -d "$STAGE/files" ]; then
        for f in "$STAGE"/files/*; do
            [ -f "$f" ] && echo "file /tests/$(basename "$f") $f 0755 0 0"
        done
    fi
} > "$LIST"
"$KDIR/gen_init_cpio" "$LIST" | gzip -1 > "$STAGE/initramfs.cpio.gz"

timeout "${XLATE_RIG_TIMEOUT:-600}" qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G -nographic -no-reboot \
    -kernel "$KDIR/Image" -initrd "$STAGE/initramfs.cpio.gz" \
    -append "console=ttyAMA0 panic=-1 quiet rig_time=$(date +%s)" < /dev/null | tee "$STAGE/console.log"

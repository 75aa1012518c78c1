#!/usr/bin/env bash
# Runs test suites written by others (FEX's unittests/ASM, Box64's tests/ and tests32/) through xlate and writes
# pass counts per table to build/peer-suites/{fex,box64}.md (+ *-details.txt). See docs/peer-suites.md.
#
#   tools/peer-suites/run.sh [fex|box64|all] [--filter TEXT] [-j N] [--all-features] [--mirror DIR]
#
# Sources live in ~/.cache/xlate/peer-src/{FEX,box64} (XLATE_PEER_SRC overrides) and are never committed. When
# absent they are brought with a shallow, sparse `git clone` of the public repositories; without network access,
# --mirror DIR extracts them from bare mirrors DIR/FEX-Emu+FEX/repo and DIR/ptitSeb+box64/repo instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
suite=all filter=() jobs=2 extra=() mirror=""
while [ $# -gt 0 ]; do
    case $1 in
        fex|box64|all) suite=$1 ;;
        --filter) filter=(--filter "$2"); shift ;;
        -j) jobs=$2; shift ;;
        -j*) jobs=${1#-j} ;;
        --all-features) extra+=(--all-features) ;;
        --mirror) mirror=$2; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (expected fex|box64|all, --filter TEXT, -j N, --all-features, --mirror DIR)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$jobs" -gt 2 ]; then echo "run.sh: note: -j $jobs on a shared 2-core machine; 2 is the suggested maximum" >&2; fi

src_base=${XLATE_PEER_SRC:-$HOME/.cache/xlate/peer-src}
mkdir -p "$src_base"

# ensure_source NAME GITHUB_REPO PATHS...: a checkout of only PATHS in $src_base/NAME.
ensure_source() {
    local name=$1 repo=$2; shift 2
    local dir=$src_base/$name
    if [ -d "$dir/${1}" ]; then return 0; fi
    if [ -n "$mirror" ]; then
        local bare=$mirror/${repo/\//+}/repo
        if [ ! -d "$bare" ]; then echo "run.sh: no mirror of $repo at $bare" >&2; return 1; fi
        echo "run.sh: extracting $* of $repo from $bare into $dir" >&2
        mkdir -p "$dir"
        # Only text files: a mirror may omit large binaries, which then fail git archive.
        git --git-dir="$bare" ls-tree -r --name-only HEAD "$@" | grep -E '\.(asm|mac|c|cpp|h|txt)$|CMakeLists\.txt$' |
            xargs git --git-dir="$bare" archive HEAD 2>/dev/null | tar -x -i -C "$dir"
        git --git-dir="$bare" rev-parse HEAD > "$dir/.peer-commit"
        return 0
    fi
    echo "run.sh: $dir is missing; cloning https://github.com/$repo (shallow, only $*)" >&2
    rm -rf "$dir.tmp"
    if git clone --quiet --depth 1 --filter=blob:none --sparse "https://github.com/$repo" "$dir.tmp" &&
        git -C "$dir.tmp" sparse-checkout set "$@"; then
        git -C "$dir.tmp" rev-parse HEAD > "$dir.tmp/.peer-commit"
        mv "$dir.tmp" "$dir"
        return 0
    fi
    rm -rf "$dir.tmp"
    cat >&2 <<EOF
run.sh: cannot clone https://github.com/$repo (no network access to github.com?).
  Bring the sources yourself, either
    git clone --depth 1 https://github.com/$repo $dir
  on a machine with access (then copy $dir here), or, from a bare mirror of the repository,
    tools/peer-suites/run.sh --mirror DIR ...   (expects DIR/${repo/\//+}/repo)
EOF
    return 1
}

need_tool() {
    command -v "$1" > /dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "run.sh: installing $2 with apt-get" >&2
        apt-get install -y -qq "$2" > /dev/null && return 0
    fi
    echo "run.sh: $1 is missing (apt-get install $2)" >&2
    exit 1
}

cd "$root"
dotnet build src/Translator.PeerSuites/Translator.PeerSuites.csproj -c Release -nologo -v quiet -clp:ErrorsOnly > /dev/null ||
    { echo "run.sh: building src/Translator.PeerSuites failed (dotnet build src/Translator.PeerSuites -c Release shows why)" >&2; exit 1; }
harness=(dotnet src/Translator.PeerSuites/bin/Release/net10.0/peer-suites.dll)
need_tool qemu-aarch64 qemu-user

status=0
if [ "$suite" = fex ] || [ "$suite" = all ]; then
    need_tool nasm nasm
    if ensure_source FEX FEX-Emu/FEX unittests/ASM unittests/32Bit_ASM; then
        "${harness[@]}" fex --src "$src_base/FEX" -j "$jobs" "${filter[@]}" "${extra[@]}" || status=1
    else status=1; fi
fi
if [ "$suite" = box64 ] || [ "$suite" = all ]; then
    need_tool i686-linux-gnu-gcc gcc-i686-linux-gnu
    if ensure_source box64 ptitSeb/box64 tests tests32; then
        "${harness[@]}" box64 --src "$src_base/box64" -j "$jobs" "${filter[@]}" || status=1
    else status=1; fi
fi
exit $status

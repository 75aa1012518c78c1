#!/usr/bin/env bash
# xlate: set up, build, demo, test.
#   ./build.sh demo    install what is needed, build, translate a bundled example for x86-64 and i386, run it
#   ./build.sh test    install what is needed, build, run every test; ends with "N passed, N failed"
#   ./build.sh build   install what is needed and build only
#   ./build.sh bench   install what is needed, build, run `xlate bench` (arguments pass through; see README)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD="$ROOT/build"
CONFIG=Release
XLATE="dotnet $ROOT/src/Translator.Cli/bin/$CONFIG/net10.0/xlate.dll"

APT_PACKAGES="clang-19 lld-19 llvm-19 libllvm19 qemu-user gcc-i686-linux-gnu libc6-dev-i386-cross
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils dpkg-dev make"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

setup() { # [extra apt packages]
    local missing=()
    for p in $APT_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! command -v dotnet >/dev/null; then
        echo "build.sh: the .NET 10 SDK (dotnet) is required and is not on PATH" >&2
        exit 1
    fi
}

build() {
    say "building the translator ($CONFIG)"
    dotnet build Translator.sln -c $CONFIG -nologo -v quiet -clp:ErrorsOnly
    say "building the runtime"
    sh runtime/build.sh "$BUILD/runtime" >/dev/null
}

demo() {
    local src="$ROOT/corpus/compute/main.c" out="$BUILD/demo"
    mkdir -p "$out"
    say "compiling the example (corpus/compute) for x86-64 and i386, statically"
    gcc -static -O2 -o "$out/compute.x64" "$src" -lm
    i686-linux-gnu-gcc -static -O2 -o "$out/compute.i386" "$src" -lm
    for arch in x64 i386; do
        say "translating compute.$arch -> compute.$arch.arm64"
        $XLATE translate "$out/compute.$arch" -o "$out/compute.$arch.arm64" --verbose
        say "running compute.$arch natively and translated (qemu-aarch64 on this x86-64 host)"
        "$out/compute.$arch" > "$out/native.$arch.txt"
        if [ "$(uname -m)" = aarch64 ]; then "$out/compute.$arch.arm64"; else qemu-aarch64 "$out/compute.$arch.arm64"; fi \
            > "$out/translated.$arch.txt"
        head -5 "$out/translated.$arch.txt"
        if cmp -s "$out/native.$arch.txt" "$out/translated.$arch.txt"; then
            echo "compute.$arch: translated output identical to native"
        else
            echo "compute.$arch: OUTPUT DIFFERS"; diff "$out/native.$arch.txt" "$out/translated.$arch.txt" | head; exit 1
        fi
    done
}

run_tests() {
    local logdir="$BUILD/test-logs" passed=0 failed=0
    rm -rf "$logdir"; mkdir -p "$logdir"
    say "runtime self-test (qemu-aarch64)"
    if bash runtime/tests/run.sh > "$logdir/runtime.txt" 2>&1; then :; fi
    tail -3 "$logdir/runtime.txt"
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logdir/runtime.txt" | tail -1 || true)
    if [ -n "$line" ]; then
        passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
        failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
    else
        failed=$((failed + 1))
    fi
    say "arm64 test kernel for the compat-syscall rig (rig/build-kernel.sh: ~10 min once, then cached)"
    rig/build-kernel.sh > "$logdir/kernel.txt" 2>&1 || echo "rig/build-kernel.sh failed (see $logdir/kernel.txt)"
    for proj in tests/*/*.csproj; do
        local name; name=$(basename "$proj" .csproj)
        say "dotnet test $name"
        set +e
        dotnet test "$proj" -c $CONFIG --no-build -nologo 2>&1 | tee "$logdir/$name.txt" | grep -E '^(Passed|Failed)!|error|\[FAIL\]' | head -40
        local rc=${PIPESTATUS[0]}
        set -e
        # what each failure said (the first lines of its message), so a red CI log explains itself
        awk '/^  Failed /{print; n=0; on=1; next} /^  Stack Trace:/{on=0} on && n++ < 8' "$logdir/$name.txt" | head -60
        local summary
        summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$logdir/$name.txt" | tail -1 || true)
        if [ -n "$summary" ]; then
            local f p
            f=$(echo "$summary" | sed -E 's/.*Failed: +([0-9]+),.*/\1/')
            p=$(echo "$summary" | sed -E 's/.*Passed: +([0-9]+),.*/\1/')
            passed=$((passed + p)); failed=$((failed + f))
            if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
        else
            echo "$name: no test summary (exit $rc)"; failed=$((failed + 1))
        fi
    done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

cmd=${1:-demo}
case "$cmd" in
    setup) setup ;;
    build) setup; build ;;
    demo) setup; build; demo ;;
    test) setup tcl; build; run_tests ;;   # tcl: the SQLite amalgamation of RealProgramTests
    bench) setup tcl; build; shift; $XLATE bench "$@" ;;   # tcl: tclsh generates SQLite's amalgamation
    *) echo "usage: ./build.sh demo|test|bench|build|setup" >&2; exit 2 ;;
esac

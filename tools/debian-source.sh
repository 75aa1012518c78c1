# Sourced by build scripts: Debian source packages, downloaded once into $CACHE (which the caller sets) and unpacked.
# Adds a deb-src entry for bookworm to apt's sources first if there is none.

ensure_deb_src() {
    local list=/etc/apt/sources.list.d/xlate-src.sources
    if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list 2>/dev/null; then
        echo "debian-source: adding deb-src entry $list" >&2
        cat > "$list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
        apt-get update -qq >&2
    fi
}

# Prints the unpacked source directory of a Debian source package, downloading it on first use.
debian_source() {
    local pkg=$1 dir
    dir=$(ls -d "$CACHE/$pkg"-[0-9]* 2>/dev/null | head -n1 || true)
    if [ -z "$dir" ]; then
        ensure_deb_src
        (
            cd "$CACHE"
            apt-get source --download-only "$pkg" >&2
            dpkg-source --no-check -x "$(ls "${pkg}"_*.dsc | head -n1)" >&2
        )
        dir=$(ls -d "$CACHE/$pkg"-[0-9]* | head -n1)
    fi
    echo "$dir"
}

#!/bin/sh
# Make sure the system libraries Qt needs are present (Debian/Ubuntu).
#   scripts/sysdeps.sh offscreen   libraries for headless Qt, and PostgreSQL's server programs (make test)
#   scripts/sysdeps.sh display     plus the X11/xcb libraries a real window needs (make run)
# As root, missing packages are installed with apt-get. Otherwise the exact apt line is
# printed and the script stops, so nothing fails later with an obscure Qt error.
set -eu
mode=${1:-offscreen}
python=${PYTHON:-python3}

# package:library-file pairs; a package counts as present when its library is on the system
offscreen="libgl1:libGL.so.1 libegl1:libEGL.so.1 libfontconfig1:libfontconfig.so.1
libglib2.0-0:libglib-2.0.so.0 libxkbcommon0:libxkbcommon.so.0 libdbus-1-3:libdbus-1.so.3"
display="libxcb-cursor0:libxcb-cursor.so.0 libxkbcommon-x11-0:libxkbcommon-x11.so.0
libxcb-icccm4:libxcb-icccm.so.4 libxcb-image0:libxcb-image.so.0 libxcb-keysyms1:libxcb-keysyms.so.1
libxcb-randr0:libxcb-randr.so.0 libxcb-render-util0:libxcb-render-util.so.0
libxcb-shape0:libxcb-shape.so.0 libxcb-xinerama0:libxcb-xinerama.so.0 libxcb-xkb1:libxcb-xkb.so.1
libx11-xcb1:libX11-xcb.so.1"

want="$offscreen"
[ "$mode" = display ] && want="$offscreen $display"

if ! command -v dpkg >/dev/null 2>&1; then
    echo "sysdeps: not a Debian/Ubuntu system; make sure Qt 6's system libraries are installed."
    exit 0
fi

libs=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) || true)
missing=""
for pair in $want; do
    pkg=${pair%%:*}
    lib=${pair#*:}
    printf '%s\n' "$libs" | grep -q "[[:space:]]$lib " || missing="$missing $pkg"
done
# make test runs the store's tests on a throwaway PostgreSQL server too (tests/pg_server.py): it needs
# the server programs (initdb, pg_ctl), which Debian's postgresql package puts in /usr/lib/postgresql/*/bin.
if [ "$mode" = offscreen ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
        && [ -z "${CAREHOME_DESK_PG_BIN:-}" ]; then
    missing="$missing postgresql"
fi
# python3 -m venv needs ensurepip, which Debian ships separately.
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
    ver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    missing="$missing python$ver-venv"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sysdeps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
else
    echo "carehome-desk needs these system packages first. Run:"
    echo ""
    echo "    sudo apt-get install$missing"
    echo ""
    exit 1
fi

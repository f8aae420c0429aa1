#!/bin/sh
# Installs the Debian packages attnlab needs, when they are missing.
# usage: scripts/deps.sh build|test|fuzz|bench
# It asks apt-get (through sudo when not root) and downloads nothing else.
set -eu
what=${1:-build}
need=""

have_pc() { pkg-config --exists "$1" 2>/dev/null; }
want_pc() { have_pc "$1" || need="$need $2"; }
want_cmd() { command -v "$1" >/dev/null 2>&1 || need="$need $2"; }
want_file() { [ -e "$1" ] || need="$need $2"; }

want_cmd cc gcc
want_cmd make make
want_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
    want_pc ncursesw libncurses-dev
    want_pc openblas libopenblas-dev
    want_pc libpng libpng-dev
    want_pc libisal libisal-dev
    want_pc inih libinih-dev
    want_pc libcjson libcjson-dev
    want_pc libzip libzip-dev
    want_pc freetype2 libfreetype-dev
    want_pc fontconfig libfontconfig-dev
    want_pc sqlite3 libsqlite3-dev
    want_pc cairo libcairo2-dev
else
    need="$need libncurses-dev libopenblas-dev libpng-dev libisal-dev libinih-dev libcjson-dev libzip-dev libfreetype-dev libfontconfig-dev libsqlite3-dev libcairo2-dev"
fi
want_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
# Chinese figures (--lang zh) need a CJK font; WenQuanYi Micro Hei is a small one
want_file /usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei
case "$what" in
test|fuzz|bench)
    if command -v pkg-config >/dev/null 2>&1; then want_pc cmocka libcmocka-dev; else need="$need libcmocka-dev"; fi
    want_cmd tmux tmux
    want_cmd valgrind valgrind
    want_cmd pdfinfo poppler-utils      # PDF decks read back: pdfinfo, pdftotext, pdffonts
    ;;
esac
case "$what" in
fuzz) want_cmd clang clang; want_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
bench) want_cmd hyperfine hyperfine; [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null || need="$need python3-numpy"
    /usr/bin/python3 -c 'import matplotlib' 2>/dev/null || need="$need python3-matplotlib" ;;
esac

[ -z "$need" ] && exit 0
echo "attnlab: installing the Debian packages it needs:$need"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "attnlab: not root and no sudo: please install:$need" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || echo "attnlab: apt-get update failed; trying the install anyway" >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
echo "attnlab: installed:$need"

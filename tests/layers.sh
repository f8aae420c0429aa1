#!/bin/sh
# The layers of src/ hold: a file includes only its own layer and those
# below it. Lowest first (DESIGN.md, "Architecture"):
#   base   memory, strings, diagnostics, small matrices
#   engine attention maths: pure, no I/O
#   model  a real model's attention read from files, checked and summarised
#   lesson the lesson format: parse, check, find, placeholders
#   lab    what a learner does to a step: panels, edits, explanations, progress
#   figure PNG/SVG figures laid out once
#   tui    the terminal lab's screens
#   cli    the subcommands and main
#   usage: sh tests/layers.sh   (run by make test)
set -eu
cd "$(dirname "$0")/.."
order="base engine model lesson lab figure tui cli"
rank() { i=0; for l in $order; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
fails=0
for dir in src/*/; do
    layer=$(basename "$dir")
    me=$(rank "$layer")
    [ "$me" = 99 ] && { echo "layers: src/$layer is not a known layer (add it to tests/layers.sh and DESIGN.md)" >&2; fails=$((fails + 1)); continue; }
    for f in "$dir"*.c "$dir"*.h; do
        [ -e "$f" ] || continue
        for inc in $(sed -n 's/^#include "\([^"/]*\)\/[^"]*".*/\1/p' "$f"); do
            them=$(rank "$inc")
            if [ "$them" -gt "$me" ]; then
                echo "layers: $f ($layer) includes $inc, a higher layer" >&2
                fails=$((fails + 1))
            fi
        done
        if grep -q '^#include "[^/"]*"' "$f"; then
            echo "layers: $f includes a header without its folder (write \"layer/name.h\")" >&2
            fails=$((fails + 1))
        fi
    done
done
[ "$fails" -eq 0 ] || exit 1
echo "layers: ok"

#!/bin/sh
# End-to-end tests of `attnlab export`: exit codes, file names, formats, and
# that a failure leaves no file behind. Needs no terminal and no Python.
set -u
A=${ATTNLAB:-./attnlab}
L=tests/lessons/figures.lesson
T=$(mktemp -d /tmp/attnlab-cli-export.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
# expect STATUS DESCRIPTION COMMAND...: the exit status must match
expect() {
    want=$1 what=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$what"; else bad "$what (exit $got, wanted $want: $(cat "$T/err"))"; fi
}
magic() { od -An -c -N4 "$1" 2>/dev/null | tr -d ' \n'; }

expect 0 "one PNG" "$A" export $L --step 1 -o "$T/w.png"
[ "$(magic "$T/w.png")" = "211PNG" ] && ok "it is a PNG" || bad "it is a PNG"
expect 0 "one SVG" "$A" export $L --step 2 --panel scores -o "$T/s.svg"
grep -q '<svg' "$T/s.svg" && grep -q '</svg>' "$T/s.svg" && ok "it is an SVG" || bad "it is an SVG"
expect 0 "every panel of a step, dark" "$A" export $L --step 1 --panel all --theme dark -o "$T/all.png"
expect 0 "options" "$A" export $L --step 1 --scale 1 --transparent --cmap magma --no-values --title "T" -o "$T/o.png"
expect 0 "--all into a folder" "$A" export $L --all -o "$T"
[ -f "$T/figures-step1-weights.png" ] && [ -f "$T/figures-step2-weights.png" ] &&
    [ -f "$T/figures-step3-heads.png" ] && [ -f "$T/figures-step4-affinity.png" ] &&
    ok "--all names files <lesson>-step<N>-<panel>.png" || bad "--all file names: $(ls "$T")"
expect 0 "-o DIR, one step" "$A" export $L --step 2 --panel scores -o "$T/"
[ -f "$T/figures-step2-scores.png" ] && ok "-o DIR names the file" || bad "-o DIR names the file"

# bad command lines: exit 2, nothing written
expect 2 "no -o" "$A" export $L
expect 2 "bad scale" "$A" export $L --scale 5 -o "$T/x.png"
expect 2 "bad theme" "$A" export $L --theme blue -o "$T/x.png"
expect 2 "bad colour map" "$A" export $L --cmap rainbow -o "$T/x.png"
expect 2 "bad panel" "$A" export $L --panel nope -o "$T/x.png"
expect 2 "unknown option" "$A" export $L --frobnicate -o "$T/x.png"
expect 2 "step out of range" "$A" export $L --step 9 -o "$T/x.png"
expect 2 "--all to a file" "$A" export $L --all -o "$T/x.png"
expect 2 "an empty -o" "$A" export $L --all -o ""
[ ! -e "$T/x.png" ] && ok "bad command lines write nothing" || bad "bad command lines write nothing"

# bad input: exit 1, nothing left behind
expect 1 "missing folder" "$A" export $L -o "$T/no/such/dir/x.png"
[ ! -e "$T/no" ] && ok "no folder made" || bad "no folder made"
expect 1 "not .png or .svg" "$A" export $L -o "$T/x.jpg"
expect 1 "a panel the step lacks" "$A" export $L --step 1 --panel heads -o "$T/x.png"
expect 1 "no such lesson" "$A" export no-such-lesson -o "$T/x.png"
expect 1 "a font that is not one" "$A" export $L --font "$T/w.svg" -o "$T/x.png"
[ -z "$(ls -A "$T" | grep -v '\.png$\|\.svg$\|^out$\|^err$')" ] && [ ! -e "$T/x.png" ] && [ ! -e "$T/x.jpg" ] &&
    ok "failures leave no temporary or partial file" || bad "leftovers: $(ls -A "$T")"

echo "cli-export: $fails failed"
[ "$fails" -eq 0 ]

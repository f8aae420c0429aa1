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
[ -f "$T/figures-step1-all.png" ] && [ -f "$T/figures-step2-all.png" ] &&
    [ -f "$T/figures-step3-all.png" ] && [ -f "$T/figures-step4-all.png" ] &&
    ok "--all names files <lesson>-step<N>-all.png (the step's own figure)" || bad "--all file names: $(ls "$T")"
expect 0 "--all --panel NAME" "$A" export $L --all --panel weights -o "$T"
[ -f "$T/figures-step1-weights.png" ] && [ -f "$T/figures-step2-weights.png" ] &&
    ok "--all --panel names files <lesson>-step<N>-<panel>.png" || bad "--all --panel file names: $(ls "$T")"
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
expect 2 "not .png, .svg or .pdf" "$A" export $L -o "$T/x.jpg"
expect 2 "--notes without a deck" "$A" export $L --step 1 --notes -o "$T/x.png"
[ ! -e "$T/x.png" ] && ok "bad command lines write nothing" || bad "bad command lines write nothing"

# bad input: exit 1, nothing left behind
expect 1 "missing folder" "$A" export $L -o "$T/no/such/dir/x.png"
[ ! -e "$T/no" ] && ok "no folder made" || bad "no folder made"
expect 1 "a panel the step lacks" "$A" export $L --step 1 --panel heads -o "$T/x.png"
expect 1 "no such lesson" "$A" export no-such-lesson -o "$T/x.png"
expect 1 "a font that is not one" "$A" export $L --font "$T/w.svg" -o "$T/x.png"
[ -z "$(ls -A "$T" | grep -v '\.png$\|\.svg$\|\.pdf$\|^out$\|^err$')" ] && [ ! -e "$T/x.png" ] && [ ! -e "$T/x.jpg" ] &&
    ok "failures leave no temporary or partial file" || bad "leftovers: $(ls -A "$T")"

# --help names every panel of the panel table
expect 0 "export --help" "$A" export --help
grep -q 'weights_ba' "$T/out" && grep -q 'affinity' "$T/out" && grep -q ' cost' "$T/out" &&
    ok "export --help lists the panel names" || bad "export --help lists the panel names"

# the lesson by its name, not its path (a full path tells the user's home)
expect 0 "a PNG of a lesson given by full path" "$A" export "$PWD/$L" --step 1 -o "$T/src.png"
LC_ALL=C grep -a -q "Sourcefigures.lesson" "$T/src.png" 2>/dev/null ||
    LC_ALL=C tr '\000' ' ' <"$T/src.png" | grep -a -q "Source figures.lesson"
[ $? -eq 0 ] && ! LC_ALL=C grep -a -q "$PWD" "$T/src.png" && ok "PNG Source is the lesson's name" ||
    bad "PNG Source is the lesson's name"
expect 0 "an SVG of a lesson given by full path" "$A" export "$PWD/$L" --step 1 -o "$T/src.svg"
grep -q '<desc>made by attnlab from figures.lesson</desc>' "$T/src.svg" && ! grep -q "$PWD" "$T/src.svg" &&
    ok "SVG desc is the lesson's name" || bad "SVG desc: $(grep desc "$T/src.svg")"

# --all makes its folder; every format into a folder
expect 0 "--all -o a new folder" "$A" export lessons/01-three-stages.lesson --all --format svg -o "$T/fresh"
[ "$(ls "$T/fresh" | grep -c '\.svg$')" -eq 6 ] && ok "--all made the folder: 6 SVGs" || bad "--all folder: $(ls "$T/fresh")"
# each step's figure shows that step's panels: step 2 (Stage 1) has Q, K and scores, not weights
f2="$T/fresh/01-three-stages-step2-all.svg"
grep -q '>Q  ' "$f2" && grep -q '>K  ' "$f2" && grep -q '>scores  ' "$f2" && ! grep -q '>weights ' "$f2" &&
    ok "lesson 1 step 2 shows Q, K and scores, not weights" || bad "lesson 1 step 2: $(grep -o '>[A-Za-z]*  [^<]*<' "$f2")"
grep -q '>weights  ' "$T/fresh/01-three-stages-step3-all.svg" && ok "lesson 1 step 3 shows the weights" ||
    bad "lesson 1 step 3 shows the weights"
expect 0 "--all --format pdf" "$A" export $L --all --format pdf -o "$T/pdfs"
[ "$(ls "$T/pdfs" | grep -c '\.pdf$')" -eq 4 ] && ok "one PDF per step" || bad "one PDF per step: $(ls "$T/pdfs")"
expect 1 "--all into a folder whose parent is missing" "$A" export $L --all -o "$T/no/such"

# the cost lesson's chart: a chart, not a heat map
expect 0 "the cost step's figure" "$A" export lessons/08-cost.lesson --step 7 --log -o "$T/cost.svg"
grep -q 'fitted slope' "$T/cost.svg" && [ "$(grep -c '<circle' "$T/cost.svg")" -ge 12 ] &&
    ! grep -q 'class="cell"' "$T/cost.svg" && grep -q 'log-log' "$T/cost.svg" &&
    ok "the cost chart has points, fitted slopes, log-log axes, no cells" || bad "the cost chart"
expect 1 "--panel cost where the step has no cost chart" "$A" export lessons/08-cost.lesson --step 1 --panel cost -o "$T/x.png"

# a step with the picture beside other panels is two figures: the captioning
# one and the step's panels (a named --panel, or a step with the picture
# alone, is one)
P=lessons/09-image-attention.lesson
expect 0 "the picture's step: two figures" "$A" export $P --step 2 -o "$T/p2.png"
[ "$(cat "$T/out")" = "$T/p2.png
$T/p2-panels.png" ] && [ "$(magic "$T/p2.png")" = "211PNG" ] && [ "$(magic "$T/p2-panels.png")" = "211PNG" ] &&
    ok "FILE.png and FILE-panels.png, both named" || bad "picture step files: $(cat "$T/out"), $(ls "$T")"
cmp -s "$T/p2.png" "$T/p2-panels.png" && bad "the two figures differ" || ok "the two figures differ"
expect 0 "the picture's step into a folder" "$A" export $P --step 3 -o "$T/"
[ -f "$T/09-image-attention-step3-all.png" ] && [ -f "$T/09-image-attention-step3-panels.png" ] &&
    ok "-o DIR: <lesson>-step<N>-all.png and -panels.png" || bad "picture step in a folder: $(ls "$T")"
expect 0 "--panel image: one figure" "$A" export $P --step 2 --panel image -o "$T/img.png"
[ "$(wc -l <"$T/out")" -eq 1 ] && [ ! -e "$T/img-panels.png" ] && ok "a named panel is one file" ||
    bad "--panel image wrote $(cat "$T/out")"
expect 0 "the picture alone: one figure" "$A" export $P --step 1 -o "$T/p1.svg"
[ "$(wc -l <"$T/out")" -eq 1 ] && [ ! -e "$T/p1-panels.svg" ] && ok "step 1 (image only) is one file" ||
    bad "step 1 wrote $(cat "$T/out")"

# a lesson as one PDF deck, read back with poppler
if command -v pdfinfo >/dev/null 2>&1; then
    expect 0 "a 12-step deck" "$A" export lessons/03-soft-hard-local.lesson --all -o "$T/l3.pdf"
    [ "$(pdfinfo "$T/l3.pdf" | awk '/^Pages:/ {print $2}')" = 12 ] && ok "12 pages" || bad "pages: $(pdfinfo "$T/l3.pdf")"
    pdftotext "$T/l3.pdf" "$T/l3.txt"
    grep -q 'Soft attention: softmax' "$T/l3.txt" && grep -q 'Keys' "$T/l3.txt" && ok "the deck's text is text" ||
        bad "deck text: $(head -c 300 "$T/l3.txt")"
    [ -z "$(pdffonts "$T/l3.pdf" | tail -n +3 | awk '$(NF-4) != "yes"')" ] && ok "every font embedded" ||
        bad "fonts: $(pdffonts "$T/l3.pdf")"
    ! grep -q 'the cat sat' "$T/l3.txt" && ok "no narration without --notes" || bad "no narration without --notes"
    expect 0 "a deck with notes" "$A" export lessons/01-three-stages.lesson --all --notes -o "$T/l1.pdf"
    [ "$(pdfinfo "$T/l1.pdf" | awk '/^Pages:/ {print $2}')" = 6 ] && ok "6 pages" || bad "lesson 1 pages"
    pdftotext -f 1 -l 1 "$T/l1.pdf" - | tr '\n' ' ' | grep -q 'Attention is a soft way of looking' &&
        ok "--notes puts the narration on the page" || bad "--notes: $(pdftotext -f 1 -l 1 "$T/l1.pdf" - | head -5)"
    expect 0 "a Chinese deck" "$A" export lessons/05-self-attention.lesson --all --lang zh -o "$T/zh.pdf"
    pdftotext "$T/zh.pdf" - | grep -q '一个序列，三个角色' && ok "Chinese text in the deck" || bad "Chinese text in the deck"
    expect 0 "the picture lesson's deck" "$A" export $P --all -o "$T/l9.pdf"
    # 8 steps; steps 2 to 7 show Q or K beside the picture: a second page each
    [ "$(pdfinfo "$T/l9.pdf" | awk '/^Pages:/ {print $2}')" = 14 ] && ok "14 pages" || bad "lesson 9 pages"
    pdftotext -f 3 -l 3 "$T/l9.pdf" - | grep -q 'r5c5' && ! pdftotext -f 2 -l 2 "$T/l9.pdf" - | grep -q 'r5c5' &&
        ok "page 2: step 2's picture, page 3: its panels" || bad "pages 2 and 3 of lesson 9"
    expect 0 "one step as PDF" "$A" export $L --step 1 -o "$T/one.pdf"
    [ "$(pdfinfo "$T/one.pdf" | awk '/^Pages:/ {print $2}')" = 1 ] && ok "one page" || bad "one page"
else
    bad "pdfinfo missing (poppler-utils: make deps)"
fi

# killed halfway, nothing left behind
leftovers() { ls -A "$1" | grep -c '^\.attnlab-fig' ; }
(ulimit -f 8; exec "$A" export $L --step 1 -o "$T/big.png") >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] && grep -q 'File too large' "$T/err" && [ ! -e "$T/big.png" ] && [ "$(leftovers "$T")" -eq 0 ] &&
    ok "a file-size limit: exit 1, File too large, nothing left" || bad "file-size limit: exit $got, $(cat "$T/err")"
mkdir "$T/term"
"$A" export lessons/08-cost.lesson --all -o "$T/term/deck.pdf" >/dev/null 2>&1 &
pid=$!
i=0
while [ "$(leftovers "$T/term")" -eq 0 ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
seen=$(leftovers "$T/term")
kill -TERM $pid
wait $pid 2>/dev/null
got=$?
[ "$seen" -eq 1 ] && [ "$got" -eq 143 ] && [ "$(ls -A "$T/term" | wc -l)" -eq 0 ] &&
    ok "SIGTERM during an export: no temporary file, no deck" || bad "SIGTERM: seen $seen, exit $got, $(ls -A "$T/term")"
sh -c 'exit 0' &
dead=$!
wait $dead
: >"$T/.attnlab-fig.$dead.XyZ123"
: >"$T/.attnlab-fig.$$.XyZ123"
expect 0 "an export into a folder with stale temporary files" "$A" export $L --step 1 -o "$T/w.png"
[ ! -e "$T/.attnlab-fig.$dead.XyZ123" ] && [ -e "$T/.attnlab-fig.$$.XyZ123" ] &&
    ok "a dead process's temporary file is swept, a live one's kept" || bad "sweep: $(ls -A "$T")"
rm -f "$T/.attnlab-fig.$$.XyZ123"

echo "cli-export: $fails failed"
[ "$fails" -eq 0 ]

#!/bin/sh
# `attnlab view`: help, bad command lines (exit 2), bad files (exit 1 with
# FILE: message), the check's warning, --json's numbers and the figures.
# The dumps are tests/fixtures/view_ui/*.npz (made by make_dump.py there:
# layer 1 has one head per pattern, layer 0 is softmax(q.k/sqrt(d))).
set -u
. tests/cli_lib.sh
F=tests/fixtures/view_ui
expect() { expect_exit_msg "$@"; }
# has 'TEXT' DESCRIPTION: the last command's stdout holds TEXT
has() { if grep -F -q -- "$1" "$tmp/out"; then ok; else bad "$2: stdout lacks '$1'"; head -40 "$tmp/out"; fi; }

expect 0 "" "--help" "$A" view --help
has "attnlab view FILE" "--help: the usage"
has "--as-scores" "--help: the options"
has "CircuitsVis's {\"tokens\"" "--help: the formats"
has "e / E        export the head shown / the whole grid" "--help: the keys"
has "Tab          the bars and summary" "--help: the side panel's key"
"$A" --help | grep -q "^  attnlab view FILE" && ok || bad "attnlab --help lists view"

# the command line: exit 2
expect 2 "unknown option --bogus" "unknown option" "$A" view $F/small.npz --bogus
expect 2 "usage: attnlab view" "no file" "$A" view
expect 2 "--what goes with -o" "--what without -o" "$A" view $F/small.npz --what grid
expect 2 "--what head needs --layer" "--what head without a head" "$A" view $F/small.npz -o "$tmp/x.png" --what head
expect 2 "ends in .png or .svg" "a figure format view does not write" "$A" view $F/small.npz -o "$tmp/x.jpg"
expect 2 "has 2 layers and 4 heads" "a layer the file lacks" "$A" view $F/small.npz --layer 2 --json
expect 2 "-o and --json" "-o with --json" "$A" view $F/small.npz --json -o "$tmp/x.png"

# bad files: exit 1, FILE: message
expect 1 "$tmp/none.npz: " "a missing file" "$A" view "$tmp/none.npz"
printf 'not attention\n' >"$tmp/junk.npz"
expect 1 "$tmp/junk.npz: " "a file of no known format" "$A" view "$tmp/junk.npz"
head -c 300 $F/small.npz >"$tmp/cut.npz"
expect 1 "$tmp/cut.npz" "a truncated .npz" "$A" view "$tmp/cut.npz"
printf '{"tokens": ["a", "b"], "attention": [[[1, 0], [0.5, 0.5], [0, 1]]]}' >"$tmp/rows.json"
expect 1 "$tmp/rows.json: " "tokens and rows disagree" "$A" view "$tmp/rows.json" --json
[ ! -s "$tmp/out" ] && ok || bad "a bad file prints nothing on stdout"

# rows that do not sum to 1: a warning naming the worst row; --as-scores
expect 0 "row 0 sums to 2.5" "the rows' warning" "$A" view $F/scores.npz --json
grep -F -q "may be pre-softmax scores" "$tmp/err" && ok || bad "the warning says they may be scores"
has '"rows_off":	4' "--json counts the rows off"
expect 0 "shown softmaxed" "--as-scores" "$A" view $F/scores.npz --json --as-scores
has '"softmaxed":	true' "--as-scores says so"
has '"rows_off":	0' "--as-scores: every row sums to 1 after"

# --json: the shape, the check, the summaries
expect 0 "" "--json" "$A" view $F/small.npz --json
has '"layers":	2' "--json: layers"
has '"heads":	4' "--json: heads"
has '"d_head":	4' "--json: d_head"
has '"causal":	true' "--json: a causal model"
has '"pattern":	"previous token"' "--json: layer 1 head 0"
has '"pattern":	"induction"' "--json: layer 1 head 3"
has '"period":	6' "--json: the repeat's period"
[ "$(grep -c '"layer":' "$tmp/out")" -eq 8 ] && ok || bad "--json: 8 heads"
expect 0 "" "--json of one head" "$A" view $F/small.npz --json --layer 1 --head 1
has '"pattern":	"first token"' "--json --layer 1 --head 1"
has '"first_share":	0.9' "--json: the first token's share"
[ "$(grep -c '"layer":' "$tmp/out")" -eq 1 ] && ok || bad "--json --layer --head: one head"

# without a terminal: one line a head
expect 0 "" "plain text" "$A" view $F/small.npz
has "L1 H0  previous token" "plain text: a head's line"
has "causal: yes" "plain text: the check"

# figures: PNG and SVG, a head, a layer, the grid
expect 0 "" "a head as PNG" "$A" view $F/small.npz -o "$tmp/h.png" --what head --layer 1 --head 0
[ "$(od -An -c -N4 "$tmp/h.png" | tr -d ' \n')" = "211PNG" ] && ok || bad "the head's figure is a PNG"
expect 0 "" "a layer as SVG" "$A" view $F/small.npz -o "$tmp/l.svg" --what layer --layer 0
grep -q "L0 H3" "$tmp/l.svg" && ok || bad "the layer's SVG names its heads"
expect 0 "" "the grid" "$A" view $F/small.npz -o "$tmp/g.png"
expect 1 "" "a folder that is not there" "$A" view $F/small.npz -o "$tmp/no/g.png"
[ ! -e "$tmp/no" ] && ok || bad "a failed figure leaves nothing"

# a lesson's panel model (lesson 6's last step, assets/heads.npz) as a figure
expect 0 "" "export --panel model" "$A" export 6 --step 8 --panel model -o "$tmp/m.svg"
grep -q "L1 H2: induction" "$tmp/m.svg" && ok || bad "the model's figure names layer 1 head 2 induction"
expect 1 "no panel model here" "export --panel model of a step without it" "$A" export 6 --step 7 --panel model -o "$tmp/n.png"
expect 0 "" "the lesson's text view prints the heads" "$A" 6 --step 8
has "L1 H2  induction" "the text view: the trained model's heads"
expect 0 "" "view the shipped asset" "$A" view assets/heads.npz --json --layer 0 --head 3
has '"pattern":	"previous token"' "assets/heads.npz: layer 0 head 3 is previous token"

echo "cli-view: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# attnlab translate: a trained translator's output and alignment, the error
# for characters the model never saw, and the bottleneck table (text, JSON).
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh
expect 0 "translate --help" "$A" translate --help
for o in --model --no-attention --bottleneck --samples --seed --from --to --json; do
    has "$tmp/out" "$o" "translate --help lists $o"
done
expect 0 "attnlab --help" "$A" --help
has "$tmp/out" "attnlab translate " "attnlab --help names translate"

expect 0 "a date" "$A" translate "Monday 30 November 2026"
has "$tmp/out" "output: 2026-11-30" "the date in ISO"
has "$tmp/out" "alignment" "the alignment follows"
has "$tmp/out" "       Monday_30_November_2026" "the input across the top"
[ "$(grep -c '^  [0-9-] ' "$tmp/out")" -eq 10 ] && ok || bad "a row per character written"
has "$tmp/out" "  </s>" "and the end's row"
expect 0 "a date, no attention" "$A" translate --no-attention "30/11/26"
has "$tmp/out" "output: 2026-11-30" "the baseline's date"
has "$tmp/out" "no attention" "says there is no alignment"
expect 0 "a reversal" "$A" translate --model reverse attention
has "$tmp/out" "output: noitnetta" "reversed"

expect 1 "a character the model never saw" "$A" translate "30 nov 2026 @"
has "$tmp/err" 'never saw: "@" (U+0040)' "names the character"
expect 1 "an empty input" "$A" translate ""
expect 2 "no text" "$A" translate
expect 2 "text and --bottleneck" "$A" translate x --bottleneck
expect 2 "--from past --to" "$A" translate --bottleneck --from 9 --to 5
expect 1 "no model files" env ATTNLAB_ASSETS="$tmp" "$A" translate "30 nov 2026"
has "$tmp/err" "cannot find translator_dates.npz" "names the missing file"

expect 0 "the bottleneck" "$A" translate --bottleneck --from 5 --to 7 --samples 5
has "$tmp/out" "length  attention  no attention" "the table's head"
[ "$(grep -c '^ *[5-7]  ' "$tmp/out")" -eq 3 ] && ok || bad "a row per length"
expect 0 "the bottleneck as JSON" "$A" translate --bottleneck --from 30 --to 31 --samples 5 --json
has "$tmp/out" '{"length": 30, "attention": ' "JSON rows"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["rows"]) == 2' \
        "$tmp/out" && ok || bad "the JSON parses"
fi

echo "cli-translate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

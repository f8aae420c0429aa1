#!/bin/sh
# Lesson 13 (a trained translator): check --solve names the input that meets
# its exercise, compute's JSON carries the characters written and the
# input's, and the alignment exports as PNG and SVG.
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh
L=lessons/13-translator.lesson
expect 0 "check --solve" "$A" check --solve "$L"
has "$tmp/out" 'met by input = November 30, 2026' "the solver names the input it typed"
expect 0 "compute the alignment step" "$A" compute "$L" --step 7
has "$tmp/out" '"queries":	["2", "0", "2", "6", "-", "1", "1", "-", "3", "0", "</s>"]' "rows: the characters written"
has "$tmp/out" '"keys":	["3", "0", "_", "n", "o", "v", "_", "2", "0", "2", "6"]' "columns: the input's"
has "$tmp/out" '"score":	"additive"' "the additive score"
expect 0 "export PNG" "$A" export "$L" --step 7 -o "$tmp/align.png"
[ "$(head -c 4 "$tmp/align.png" | od -An -c | tr -d ' ')" = "211PNG" ] && ok || bad "a PNG file"
expect 0 "export SVG" "$A" export "$L" --step 8 -o "$tmp/align.svg"
has "$tmp/align.svg" '&lt;/s&gt;' "the end row's label"
has "$tmp/align.svg" '<svg' "an SVG"
echo "cli-lesson-translator: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# The command line's shape, the same in every subcommand (src/cli/opts.c):
# --help answers (exit 0, on stdout, naming each option), -- ends the
# options, an unknown option is exit 2 and named, --name V = --name=V.
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh
A=$(cd "$(dirname "$A")" && pwd)/$(basename "$A")   # the tests below change folder

# --help and -h in every subcommand: exit 0, the usage and every option on
# stdout, nothing on stderr
help_lists() { # CMD OPTION...
    cmd=$1; shift
    for h in --help -h; do
        expect 0 "$cmd $h" "$A" $cmd $h
        [ -s "$tmp/err" ] && bad "$cmd $h: stderr: $(cat "$tmp/err")" || ok
        has "$tmp/out" "usage: attnlab $cmd" "$cmd $h"
        for o in "$@" --help; do has "$tmp/out" "$o" "$cmd $h lists $o"; done
    done
}
help_lists compute --step --lang
help_lists export --step --all --panel "-o, --output" --scale --theme --transparent --cmap --values \
    --no-values --title --font --lang
help_lists check
help_lists bench --n --d --window --runs --threads --variants --bq --bk --isa --precision --no-peak --csv
help_lists view --tokens --json --layer --head "-o, --output" --what --as-scores --lang --color
help_lists translate --model --no-attention --bottleneck --samples --seed --from --to --json
expect 0 "lesson --help" "$A" 1 --help
has "$tmp/out" "usage: attnlab [LESSON" "the player's help"
for o in --step --lang --color; do has "$tmp/out" "$o" "the player's help lists $o"; done
expect 0 "attnlab --help" "$A" --help
for c in compute export check bench view translate; do has "$tmp/out" "attnlab $c " "attnlab --help names $c"; done
# the manual names every command and bench's every option
for c in compute export check bench view translate; do
    has attnlab.1 ".B attnlab $c" "attnlab.1's synopsis names $c"
done
for o in n d window runs threads variants bq bk isa precision no-peak csv; do
    m=$(printf '%s' "$o" | sed 's/-/\\-/g')     # roff writes every dash as \-
    has attnlab.1 "\\-\\-$m" "attnlab.1 names bench --$o"
done

# An unknown option: exit 2, named on stderr, in every subcommand
for c in "" compute export check bench view translate; do
    expect 2 "$c --frobnicate" "$A" $c --frobnicate
    has "$tmp/err" "unknown option --frobnicate" "$c names the unknown option"
    [ -s "$tmp/out" ] && bad "$c --frobnicate wrote on stdout" || ok
done
expect 2 "an unknown option after a lesson" "$A" compute 1 --step 1 --no-such=3
has "$tmp/err" "unknown option --no-such=3" "the option is named as given"

# Values: --name V and --name=V are the same; a missing or malformed value,
# or a value to a flag, is exit 2 with the reason
"$A" compute 1 --step 2 --lang zh >"$tmp/a.json" 2>&1
"$A" compute 1 --step=2 --lang=zh >"$tmp/b.json" 2>&1
cmp -s "$tmp/a.json" "$tmp/b.json" && grep -q '"step"' "$tmp/a.json" && ok || bad "--step=2 --lang=zh differs from --step 2 --lang zh"
"$A" compute 1 --step 3 >"$tmp/c.json" 2>&1
cmp -s "$tmp/a.json" "$tmp/c.json" && bad "--step 3 prints what --step 2 does" || ok
expect 0 "-o=FILE" "$A" export 1 --step 3 -o="$tmp/eq.png"
[ -s "$tmp/eq.png" ] && ok || bad "-o=FILE wrote no file"
expect 0 "--output FILE" "$A" export 1 --step 3 --output "$tmp/long.svg"
[ -s "$tmp/long.svg" ] && ok || bad "--output FILE wrote no file"
expect 2 "--step zero" "$A" compute 1 --step=zero
has "$tmp/err" "--step takes a whole number from 1 to 100000, not 'zero'" "the integer message"
expect 2 "--d=0" "$A" bench --d=0
has "$tmp/err" "attnlab bench: --d takes a whole number from 1 to 4096, not '0'" "bench --d=0"
expect 2 "--d 0" "$A" bench --d 0
has "$tmp/err" "--d takes a whole number from 1 to 4096, not '0'" "bench --d 0"
expect 2 "--step without a value" "$A" compute 1 --step
has "$tmp/err" "--step needs a value" "a missing value is named"
expect 2 "a value to a flag" "$A" export 1 --all=yes -o "$tmp"
has "$tmp/err" "--all takes no value" "a flag refuses a value"
expect 2 "--lang=xx" "$A" compute 1 --lang=xx
has "$tmp/err" "--lang is en or zh, not 'xx'" "a choice names the choices"
expect 2 "a second lesson" "$A" compute 1 2
has "$tmp/err" "unexpected argument '2'" "a second lesson is named"

# -- ends the options: lesson files named like options are reachable after it
cp lessons/01-three-stages.lesson "$tmp/--step"
cp lessons/01-three-stages.lesson "$tmp/-x"
cd "$tmp" || exit 1
expect 0 "check -- --step -x" "$A" check -- --step -x
has "$tmp/out" "--step: ok" "check -- --step"
has "$tmp/out" "-x: ok" "check -- -x"
expect 2 "check --step (no --)" "$A" check --step
has "$tmp/err" "unknown option --step" "without --, --step is an option"
expect 0 "compute --step 1 -- -x" "$A" compute --step 1 -- -x
grep -q '"weights"' "$tmp/out" && ok || bad "compute -- -x: no JSON"
expect 0 "export -o FILE -- --step" "$A" export --step 2 -o "$tmp/dash.png" -- --step
[ -s "$tmp/dash.png" ] && ok || bad "export -- --step wrote no file"
TERM=dumb "$A" --step 2 -- -x >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q "step 2 of" "$tmp/out" && ok || { bad "attnlab --step 2 -- -x: the plain view"; cat "$tmp/err"; }
expect 1 "check -- --help is a lesson" "$A" check -- --help
has "$tmp/err" "--help: no such lesson" "after --, --help is a file name"
cd - >/dev/null || exit 1

echo "cli-help: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

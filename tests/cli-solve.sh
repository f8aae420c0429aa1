#!/bin/sh
# `attnlab check --solve`: every goal of the bundled lessons met, one answer
# line per goal on stdout; an impossible goal exits 1 naming FILE:LINE; a
# goal met before any edit is a warning, an error with --strict.
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh

"$A" check --solve lessons/*.lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok || { bad "check --solve lessons/*.lesson exits 0"; cat "$tmp/err"; }
goals=$(grep -c '^goal[[:space:]]*=' lessons/*.lesson | awk -F: '{ n += $2 } END { print n }')
answers=$(grep -c '^lessons/[0-9][^:]*\.lesson:[0-9]*: step [0-9]* goal ".*": met by [A-Za-z]' "$tmp/out")
[ "$goals" -gt 0 ] && [ "$answers" -eq "$goals" ] && ok || { bad "one answer per goal: $answers of $goals"; cat "$tmp/out"; }
# lesson 3 step 5 (Q was not shown before): answered by a cell of Q
grep -q '^lessons/03-soft-hard-local.lesson:[0-9]*: step 5 goal "weights\[0\]\[3\] == 1": met by Q\[0\]\[[0-9]\] = ' "$tmp/out" &&
    ok || { bad "lesson 3 step 5 answered by a cell of Q"; cat "$tmp/out"; }
[ ! -s "$tmp/err" ] && ok || { bad "no warning for the bundled lessons"; cat "$tmp/err"; }

"$A" check --solve tests/lessons/solve/impossible.lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && ok || bad "an impossible goal exits 1"
grep -q '^tests/lessons/solve/impossible.lesson:18: step 1 goal "weights\[0\]\[0\] > 1.01": no edit' "$tmp/err" &&
    ok || { bad "the impossible goal is named by FILE:LINE"; cat "$tmp/err"; }

"$A" check --solve tests/lessons/solve/goals.lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok || bad "a goal met already is only a warning"
grep -q '^tests/lessons/solve/goals.lesson:26: warning: step 2 goal "weights\[0\]\[0\] >= 0.3" is met before any edit' \
    "$tmp/err" && ok || { bad "the met goal is flagged"; cat "$tmp/err"; }
grep -q 'step 3 goal "weights\[0\]\[1\] > 0.1": met by mask = none$' "$tmp/out" &&
    ok || { bad "a setting the step allows meets a goal"; cat "$tmp/out"; }
"$A" check --solve --strict tests/lessons/solve/goals.lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && ok || bad "--strict: a goal met already is an error"
"$A" check --strict lessons/01-three-stages.lesson >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && ok || bad "--strict without --solve is a usage error"

echo "cli-solve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

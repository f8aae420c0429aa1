#!/bin/sh
# The command line: exit codes, JSON that parses, FILE:LINE errors.
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh
expect_exit() { # CODE DESCRIPTION CMD...
    want=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; cat "$tmp/err"; fi
}

expect_exit 0 "--help" "$A" --help
expect_exit 0 "--version" "$A" --version
grep -q '^attnlab [0-9]' "$tmp/out" && ok || bad "--version prints the version"
expect_exit 2 "unknown option" "$A" compute lessons/01-three-stages.lesson --frobnicate
expect_exit 2 "compute without a lesson" "$A" compute
expect_exit 2 "bad --step" "$A" compute 1 --step zero
expect_exit 2 "step out of range" "$A" compute 1 --step 99
expect_exit 1 "missing lesson" "$A" compute /nonexistent.lesson
expect_exit 0 "compute one step" "$A" compute lessons/01-three-stages.lesson --step 2
expect_exit 0 "compute all steps" "$A" compute 1
head -c 1 "$tmp/out" | grep -q '\[' && ok || bad "compute without --step prints an array"
# compute's language: --lang, else the environment's
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$A" compute 3 --step 5 >"$tmp/out" 2>&1
grep -q '"title":[[:space:]]*"硬注意力：argmax"' "$tmp/out" && ok || bad "compute in Chinese from LANG"
LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$A" compute 3 --step 5 --lang en >"$tmp/out" 2>&1
grep -q '"hints":[[:space:]]*\["Give \\"sees\\" the largest score' "$tmp/out" && ok || bad "compute --lang en: the hint in English"
expect_exit 0 "check the shipped lessons" "$A" check lessons/*.lesson
printf 'title = t\nQ = 1 0\nK = 1 0\nV = 1\n[step]\nscore = magic\n' >"$tmp/bad.lesson"
expect_exit 1 "check a bad lesson" "$A" check "$tmp/bad.lesson"
grep -q "bad.lesson:6: unknown score 'magic'" "$tmp/err" && ok || { bad "check names the line"; cat "$tmp/err"; }
expect_exit 1 "compute refuses a bad lesson" "$A" compute "$tmp/bad.lesson"
grep -q "bad.lesson:6:" "$tmp/err" && ok || bad "compute names the line"
expect_exit 2 "check without files" "$A" check
expect_exit 0 "the plain view" "$A" 1 --step 1
expect_exit 0 "the plain menu" "$A"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

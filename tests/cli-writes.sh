#!/bin/sh
# Writes that fail (src/cli/main.c, cli_close_stdout): stdout on a full disk
# (/dev/full) or closed is exit 1 with one message naming the reason, for
# every command's output; a reader that closed the pipe is no message; the
# same commands to a working stdout still exit 0.
# ATTNLAB is the binary under test (./attnlab or ./attnlab-san).
set -u
. tests/cli_lib.sh
msg_full="attnlab: cannot write to standard output: No space left on device"

# full DESCRIPTION CMD...: to /dev/full, exit 1 and exactly the one message
full() {
    what=$1; shift
    "$@" >/dev/full 2>"$tmp/err"
    got=$?
    [ "$got" -eq 1 ] && ok || bad "$what >/dev/full: exit $got, wanted 1"
    if [ "$(cat "$tmp/err")" = "$msg_full" ]; then ok; else bad "$what >/dev/full: stderr is not the one message:"; cat "$tmp/err"; fi
}
# fine DESCRIPTION CMD...: to a file, exit 0, something written, no stderr
fine() {
    what=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq 0 ] && ok || { bad "$what: exit $got, wanted 0"; cat "$tmp/err"; }
    [ -s "$tmp/out" ] && ok || bad "$what: nothing on stdout"
    [ -s "$tmp/err" ] && bad "$what: stderr: $(cat "$tmp/err")" || ok
}

for run in full fine; do
    $run "compute" "$A" compute 1
    $run "compute --step" "$A" compute 1 --step 2
    $run "check" "$A" check lessons/01-three-stages.lesson lessons/04-masking.lesson
    $run "check --solve" "$A" check --solve lessons/03-soft-hard-local.lesson
    $run "--help" "$A" --help
    $run "compute --help" "$A" compute --help
    $run "--version" "$A" --version
    $run "the text view, TERM=dumb" env TERM=dumb "$A" 1 --step 2
    $run "the text view, no terminal" env TERM=xterm "$A" 1 --step 2
    $run "the text view, every step" env TERM=dumb "$A" 6
    $run "the text menu" env TERM=dumb "$A"
    $run "export's file name" "$A" export 1 --step 3 -o "$tmp/w.png"
    $run "export --all's file names" "$A" export 6 --all -o "$tmp"
    $run "bench" "$A" bench --n 16 --d 4 --window 4 --runs 1 --variants full --threads 1
done
# 4.7 MB of JSON, and 10,000 steps of text: stopped, said once
full "compute, 10,000 steps" "$A" compute tests/lessons/hostile/ten-thousand-steps.lesson
full "the text view, 10,000 steps" env TERM=dumb "$A" tests/lessons/hostile/ten-thousand-steps.lesson

# The figure itself is still written when only the message cannot be
"$A" export 1 --step 3 -o "$tmp/kept.svg" >/dev/full 2>/dev/null
grep -q '<svg' "$tmp/kept.svg" && ok || bad "export >/dev/full: the figure was not written"

# stdout closed: exit 1, the reason named
"$A" compute 1 --step 1 >&- 2>"$tmp/err"
got=$?
[ "$got" -eq 1 ] && ok || bad "stdout closed: exit $got, wanted 1"
grep -q "cannot write to standard output: Bad file descriptor" "$tmp/err" && ok || { bad "stdout closed: no message"; cat "$tmp/err"; }

# A reader that closed the pipe (`| head`): no message. With SIGPIPE as it
# comes, the signal ends the program (as any filter); with SIGPIPE ignored,
# the write fails (EPIPE): exit 1, still no message. Far more than a pipe
# holds (4.7 MB), to a reader that reads nothing, so the write must fail.
big=tests/lessons/hostile/ten-thousand-steps.lesson
{ "$A" compute "$big" 2>"$tmp/err"; echo $? >"$tmp/rc"; } | :
[ "$(cat "$tmp/rc")" -ne 0 ] && ok || bad "| : with SIGPIPE: exit 0 for a cut output"
[ -s "$tmp/err" ] && bad "| : with SIGPIPE: stderr: $(cat "$tmp/err")" || ok
(trap '' PIPE; { "$A" compute "$big" 2>"$tmp/err"; echo $? >"$tmp/rc"; } | :)
[ "$(cat "$tmp/rc")" -eq 1 ] && ok || bad "| : with SIGPIPE ignored: exit $(cat "$tmp/rc"), wanted 1"
[ -s "$tmp/err" ] && bad "| : with SIGPIPE ignored: stderr: $(cat "$tmp/err")" || ok
(trap '' PIPE; { env TERM=dumb "$A" "$big" 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -c 10 >/dev/null)
[ "$(cat "$tmp/rc")" -eq 1 ] && ok || bad "text view | head, SIGPIPE ignored: exit $(cat "$tmp/rc"), wanted 1"
[ -s "$tmp/err" ] && bad "text view | head, SIGPIPE ignored: stderr: $(cat "$tmp/err")" || ok
# and a reader that reads it all: exit 0, the whole JSON
{ "$A" compute 1; echo $? >"$tmp/rc"; } | cat >"$tmp/all.json"
[ "$(cat "$tmp/rc")" -eq 0 ] && ok || bad "| cat: exit $(cat "$tmp/rc")"
tail -c 2 "$tmp/all.json" | grep -q ']' && ok || bad "| cat: the JSON is cut"

echo "cli-writes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# The terminal lab's interactive costs (`make bench` runs this after
# scripts/bench.sh; figures in docs/BENCH.md, "The terminal UI"):
#   1. a key to its redrawn frame: tests/bench/ui_replay.c replays a few
#      thousand keys over the largest lesson on a headless screen;
#   2. start-up to the first frame: tests/bench/ui_pty.c runs attnlab in a
#      pseudo-terminal with ATTNLAB_EXIT_AFTER_FIRST_FRAME=1;
#   3. resident memory of one instance in tmux after stepping through the
#      largest lesson (VmHWM and VmRSS from /proc).
# Needs tmux (scripts/deps.sh test). Timings move with the load on the machine.
set -eu
A=${ATTNLAB:-./attnlab}
case $A in /*) ;; *) A="$PWD/$A" ;; esac
B=${BENCH_BIN:-build/rel/bench}
KEYS=${UI_KEYS:-5000}
RUNS=${UI_RUNS:-100}
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"; }

echo
echo "== 5. the terminal UI: a key to its redrawn frame, $KEYS keys replayed headless $(load)"
$B/ui_replay --keys "$KEYS" | tee /tmp/attnlab-ui-replay.$$ | sed 's/^/   /'
# the lesson the replay picked: the largest, for the next two parts
L=$(sed -n 's/^\(.*\.lesson\), [0-9]* steps, .*/\1/p' /tmp/attnlab-ui-replay.$$)
NSTEPS=$(sed -n 's/^.*\.lesson, \([0-9]*\) steps, .*/\1/p' /tmp/attnlab-ui-replay.$$)
rm -f /tmp/attnlab-ui-replay.$$

echo
echo "== 6. start-up to the first frame in a pseudo-terminal (120 x 40) $(load)"
echo "   attnlab $L --step 1"
$B/ui_pty --runs "$RUNS" --expect "step 1 of $NSTEPS" -- "$A" "$L" --step 1 | sed "s/^/ /"
echo "   attnlab (the lesson menu)"
$B/ui_pty --runs "$RUNS" --expect "attnlab: lessons" -- "$A" | sed "s/^/ /"

echo
echo "== 7. resident memory of one attnlab in tmux (120 x 40), stepping through a lesson $(load)"
tmp=$(mktemp -d /tmp/attnlab-bench-ui.XXXXXX)
T="tmux -S $tmp/sock"
trap '$T kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
wait_for() {  # wait_for TEXT: up to 5 s
    i=0
    while [ $i -lt 50 ] && ! $T capture-pane -p -t rss | grep -F -q -- "$1"; do sleep 0.1; i=$((i + 1)); done
}
rss() { grep -E "^(VmHWM|VmRSS)" /proc/$pid/status | tr -s ' \t' ' ' | tr '\n' ' '; }
# walk LESSON STEPS: every step with n, and at each an explanation and three settings
walk() {
    $T new -d -s rss -x 120 -y 40 "exec env XDG_STATE_HOME=$tmp/state TERM=tmux-256color LANG=C.UTF-8 $A $1 --step 1"
    pid=$($T list-panes -t rss -F '#{pane_pid}')
    wait_for "step 1 of $2"
    echo "   $1"
    echo "     at the first step:   $(rss)"
    k=2
    while [ $k -le "$2" ]; do
        $T send-keys -t rss n
        wait_for "step $k of $2"
        $T send-keys -t rss Enter   # the explanation overlay of a cell, then back
        sleep 0.1
        $T send-keys -t rss Escape s d m
        sleep 0.1
        k=$((k + 1))
    done
    wait_for "Enter: the numbers"   # the cost chart, if the lesson has one, has finished
    echo "     after all $2 steps: $(rss)  <- target VmHWM < 10 MB"
    grep -E "^(Pss|Private_Dirty|Shared_Clean)" /proc/$pid/smaps_rollup | tr -s ' \t' ' ' | tr '\n' ' ' |
        sed 's/^/     of it: /'
    echo
    $T send-keys -t rss q q
    sleep 0.2
    $T kill-session -t rss 2>/dev/null || true
}
walk "$L" "$NSTEPS"
C=$(ls lessons/*-cost.lesson 2>/dev/null | head -1)
if [ -n "$C" ]; then
    walk "$PWD/$C" "$($A check "$C" | sed -n 's/.*ok, \([0-9]*\) steps/\1/p')"
    echo "   the cost chart's own measurement (the table its Enter shows; also attnlab $C --step N | cat):"
    $A "$C" --step "$($A check "$C" | sed -n 's/.*ok, \([0-9]*\) steps/\1/p')" | sed -n '/cost: time against n/,$p' | sed 's/^/   /'
fi

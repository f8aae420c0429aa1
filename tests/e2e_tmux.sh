#!/bin/sh
# End-to-end test of the terminal lab in a real terminal: tmux runs attnlab,
# send-keys types along the learner's path, capture-pane reads the screen.
# Exits 0 when every check passes, 1 otherwise. Run from the source tree:
#   ATTNLAB=./attnlab sh tests/e2e_tmux.sh
set -u
BIN=${ATTNLAB:-./attnlab}
case $BIN in /*) ;; *) BIN="$PWD/$BIN" ;; esac
if ! command -v tmux >/dev/null 2>&1; then
    echo "e2e_tmux: tmux is not installed (scripts/deps.sh test installs it)" >&2
    exit 1
fi
tmp=$(mktemp -d /tmp/attnlab-e2e.XXXXXX)
# One tmux server per test, each on its own socket: killing the only
# session of a server makes it exit in the background, and a next `new` on
# the same socket could race that exit.
n_servers=0
T="tmux -S $tmp/sock0"
# Every wait polls for what it waits for, every 0.1 s, up to WAIT_TENTHS
# tenths of a second (30 s): under load (make -j2 test beside other jobs) a
# frame can take seconds; a check that passes does not wait any longer.
WAIT_TENTHS=${E2E_WAIT_TENTHS:-300}
fails=0
server_pid=""
# alive PID: the process runs (a zombie no longer does: nothing may reap it
# in a container)
alive() { case $(ps -o stat= -p "$1" 2>/dev/null) in ''|Z*) return 1 ;; esac; }
# stop: the current server is killed and waited for (its process gone)
stop() {
    $T kill-server 2>/dev/null
    i=0
    while [ $i -lt $WAIT_TENTHS ] && [ -n "$server_pid" ] && alive "$server_pid"; do
        sleep 0.1
        i=$((i + 1))
    done
}
# new_server ARGS...: a fresh server on a new socket runs `new -d -s e2e ARGS`
# and is ready (its session is there) on return
new_server() {
    n_servers=$((n_servers + 1))
    T="tmux -S $tmp/sock$n_servers"
    $T new -d -s e2e "$@"
    i=0
    while [ $i -lt $WAIT_TENTHS ] && ! $T has-session -t e2e 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    server_pid=$($T display-message -p -t e2e '#{pid}' 2>/dev/null)
}
cleanup() { stop; rm -rf "$tmp"; }
trap cleanup EXIT

screen() { $T capture-pane -p -t e2e 2>/dev/null; }
# wait_for TEXT: up to WAIT_TENTHS for TEXT to appear (a fixed string)
wait_for() {
    i=0
    while [ $i -lt $WAIT_TENTHS ]; do
        if screen | grep -F -q -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "e2e_tmux: FAIL: never saw '$1'; the screen was:" >&2
    screen >&2
    fails=$((fails + 1))
    return 1
}
keys() { $T send-keys -t e2e "$@"; }
# stty_written: waits for the stty -a that start's shell writes after the
# program exits (renamed into place whole)
stty_written() {
    i=0
    while [ $i -lt $WAIT_TENTHS ] && [ ! -e "$tmp/stty" ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -e "$tmp/stty" ] || : >"$tmp/stty"  # then the check below fails, saying so
}

start() {
    rm -f "$tmp/stty"   # stty_written waits for this run's
    new_server -x 100 -y 35 \
        "trap true INT; env XDG_STATE_HOME=$tmp/state ATTNLAB_FIGURES=$tmp/figures ATTNLAB_LESSONS=$PWD/tests/lessons/ui TERM=tmux-256color LANG=C.UTF-8 $BIN $*; \
         echo ATTNLAB-EXIT=\$?; stty -a > $tmp/stty.new; mv $tmp/stty.new $tmp/stty; sleep 60"
}

start
wait_for "attnlab: lessons"
wait_for "not started"
keys Enter
wait_for "step 1 of 5"
keys n
wait_for "step 2 of 5"
keys n n n
wait_for "step 5 of 5"
# Q[1][1] = 3: chat's weights become .05 .83 .06 .06 (tests/ui_expected.py)
keys j l 3 Enter
wait_for "chat    0.05   0.83   0.06   0.06"
wait_for "chat    0.09   0.91"
keys u
wait_for "chat    0.10   0.66   0.12   0.12"
keys Tab Tab Tab Tab j l Enter
wait_for "How weights[1][1] was computed"
wait_for "a = exp / S = 1 / 1.5195 = 0.6581"
keys Escape
wait_for "Enter how?"
$T resize-window -t e2e -x 60 -y 20
wait_for "step 5 of 5"
$T resize-window -t e2e -x 40 -y 10
wait_for "at least"
$T resize-window -t e2e -x 100 -y 35
wait_for "weights a = softmax(e / T)"
keys q
wait_for "done"
keys q
wait_for "ATTNLAB-EXIT=0"
stty_written
grep -q -- " icanon" "$tmp/stty" && grep -q -- " echo " "$tmp/stty" ||
    { echo "e2e_tmux: FAIL: the terminal was not restored: $(cat "$tmp/stty")" >&2; fails=$((fails + 1)); }
[ -s "$tmp/state/attnlab/progress.db" ] || { echo "e2e_tmux: FAIL: no saved place" >&2; fails=$((fails + 1)); }
stop

# Ctrl-C restores the terminal too, and the place is restored at the next start
start 1
wait_for "step 5 of 5"
keys C-c
wait_for "ATTNLAB-EXIT=130"
stty_written
grep -q -- " icanon" "$tmp/stty" && grep -q -- " echo " "$tmp/stty" ||
    { echo "e2e_tmux: FAIL: Ctrl-C left the terminal raw: $(cat "$tmp/stty")" >&2; fails=$((fails + 1)); }

# ATTNLAB_EXIT_AFTER_FIRST_FRAME=1 (start-up timing, make bench): the first
# frame is drawn in a real terminal, then the program exits with status 0
# without waiting for a key (script(1) keeps a copy of what it wrote)
stop
new_server -x 100 -y 35 \
    "env XDG_STATE_HOME=$tmp/state ATTNLAB_LESSONS=$PWD/tests/lessons/ui TERM=tmux-256color LANG=C.UTF-8 \
     ATTNLAB_EXIT_AFTER_FIRST_FRAME=1 script -qec '$BIN 1 --step 2' $tmp/first; echo FIRST-EXIT=\$?; sleep 60"
i=0
while [ $i -lt $WAIT_TENTHS ] && ! $T capture-pane -p -t e2e | grep -q "FIRST-EXIT=0"; do sleep 0.1; i=$((i + 1)); done
if ! $T capture-pane -p -t e2e | grep -q "FIRST-EXIT=0" || ! grep -q "step 2 of 5" "$tmp/first" ||
    ! grep -q "Enter how?" "$tmp/first"; then
    echo "e2e_tmux: FAIL: ATTNLAB_EXIT_AFTER_FIRST_FRAME=1 did not draw a whole first frame and exit 0" >&2
    $T capture-pane -p -t e2e >&2
    fails=$((fails + 1))
fi
stop

# restored: the terminal is back in cooked mode with echo (after the exit)
restored() {
    stty_written
    grep -q -- " icanon" "$tmp/stty" && grep -q -- " echo " "$tmp/stty" ||
        { echo "e2e_tmux: FAIL: $1 left the terminal raw: $(cat "$tmp/stty")" >&2; fails=$((fails + 1)); }
    rm -f "$tmp/stty"
}
# quit_all: cancel typing, close overlays, leave the lesson and the menu:
# Escape q, then up to 1 s for the exit before the next Escape q (a busy
# program may still be working through earlier keys), within WAIT_TENTHS
quit_all() {
    i=0
    while [ $i -lt $WAIT_TENTHS ] && ! screen | grep -F -q "ATTNLAB-EXIT="; do
        [ $((i % 10)) -eq 0 ] && keys Escape q
        sleep 0.1
        i=$((i + 1))
    done
}
# settle: waits until the screen stays the same for 0.5 s (the program has
# caught up with the keys sent), within WAIT_TENTHS
settle() {
    i=0
    last=$(screen)
    while [ $i -lt $WAIT_TENTHS ]; do
        sleep 0.5
        now=$(screen)
        [ "$now" = "$last" ] && return 0
        last=$now
        i=$((i + 5))
    done
}

# A 1x1 window: no crash, the fullest "too small" that fits, then back
start 1 --step 2
wait_for "step 2 of 5"
$T resize-window -t e2e -x 1 -y 1
sleep 0.3
$T resize-window -t e2e -x 9 -y 1
wait_for "too small"
keys Escape j l
$T resize-window -t e2e -x 100 -y 35
wait_for "step 2 of 5"
quit_all
wait_for "ATTNLAB-EXIT=0"
restored "a 1x1 window"
stop

# A short key monkey in the real terminal: 300 random keys from a fixed
# seed, with resizes between 20x10 and 200x60; then it must quit cleanly
start "$PWD/lessons/04-masking.lesson"
wait_for "step 1 of"
awk 'BEGIN { srand(7); n = split("n p j k h l Tab BTab + - > < 3 . 0 = Enter Escape u C-r r s d m t T / o H c K J i a ? NPage PPage Up Down Left Right e E", k, " ");
             for (i = 0; i < 300; i++) { if (rand() < 0.03) printf "R %d %d\n", 20 + int(rand() * 181), 10 + int(rand() * 51);
                                         else print k[1 + int(rand() * n)]; } }' >"$tmp/monkey"
while read -r key x y; do
    if [ "$key" = R ]; then $T resize-window -t e2e -x "$x" -y "$y"; else keys "$key"; fi
done <"$tmp/monkey"
$T resize-window -t e2e -x 100 -y 35
settle
screen | grep -E -q '(^|[^[:alnum:]])(nan|inf)([^[:alnum:]]|$)' &&
    { echo "e2e_tmux: FAIL: nan or inf on the screen after the monkey:" >&2; screen >&2; fails=$((fails + 1)); }
quit_all
wait_for "ATTNLAB-EXIT=0"
restored "the key monkey"
stop

# --lang zh: the lab's own words in Chinese too (the footer, the help, the
# messages), the footer whole at 56 columns
start 1 --step 2 --lang zh
wait_for "第 2/5 步"
wait_for "? 帮助  q 菜单  n/p 步骤"
keys p p
wait_for "这是第一步"
keys '?'
wait_for "按键（课程页面）"
keys Escape
$T resize-window -t e2e -x 56 -y 18
wait_for "? 帮助  q 菜单  n/p 步骤  hjkl 移动  Tab 面板"
quit_all
wait_for "ATTNLAB-EXIT=0"
restored "--lang zh"
stop

# A committed prediction (tests/lessons/predict): the weights stay hidden
# until a, then 2 picks "cat"; the verdict, the answer and the weights show
start "$PWD/tests/lessons/predict/01-predict.lesson" --step 1
wait_for "1) the   2) cat   3) sat"
wait_for "| hidden until you"
keys a
wait_for "your prediction: press 1 to 3"
keys 2
wait_for "You said 2) cat: right."
wait_for "chat   0.10   0.65   0.25"
quit_all
wait_for "ATTNLAB-EXIT=0"
restored "a committed prediction"
stop

# TERM=dumb: the plain text view, and an exit without touching the terminal
new_server -x 100 -y 35 \
    "env XDG_STATE_HOME=$tmp/state ATTNLAB_LESSONS=$PWD/tests/lessons/ui TERM=dumb LANG=C.UTF-8 $BIN 1 --step 2; \
     echo ATTNLAB-EXIT=\$?; sleep 60"
wait_for "step 2 of 5"
wait_for "ATTNLAB-EXIT=0"
stop

# Issue 12's checks. end_issue12 ends one: stop where the script has it
# (one server per test), else the session
end_issue12() { if type stop >/dev/null 2>&1; then stop; else $T kill-session -t e2e; fi; }

# Issue 12: -3.5 typed the obvious way sets -3.5 (the '-' nudge is taken back)
start 1 --step 5
wait_for "step 5 of 5"
keys - 3 . 5 Enter
wait_for "Q[0][0] = -3.5   (Enter: how)"
quit_all
wait_for "ATTNLAB-EXIT=0"
end_issue12

# Issue 12: Space flips a mask cell of M between 0 and 1 (lesson 4 step 6)
start "$PWD/lessons/04-masking.lesson" --step 6
wait_for "Spc 0/1"
wait_for "M[0][0] = 1   (Enter: how)"
keys Space
wait_for "M[0][0] = 0   (Enter: how)"
keys Space
wait_for "M[0][0] = 1   (Enter: how)"
quit_all
wait_for "ATTNLAB-EXIT=0"
end_issue12

# Issue 12: at 80x24 in 256 colours the numbers stay on screen (no
# half-block strips): lesson 1 step 6 and lesson 5 step 1
numbers_at_80x24() {
    start "$PWD/lessons/$1.lesson" --step "$2"
    wait_for "step $2 of"
    $T resize-window -t e2e -x 80 -y 24
    wait_for "$3"
    screen | grep -q "$(printf '\342\226\200')" &&
        { echo "e2e_tmux: FAIL: half blocks at 80x24 in $1 step $2" >&2; screen >&2; fails=$((fails + 1)); }
    quit_all
    wait_for "ATTNLAB-EXIT=0"
    end_issue12
}
numbers_at_80x24 01-three-stages 6 "s'assit  0.00 0.20 1.60 0.90"
numbers_at_80x24 05-self-attention 1 "dog   >2.00 0.00 0.00 1.00"

# issue 15: lesson 9's image panel in a real terminal in truecolor, 256, 8
# colours and NO_COLOR: the "most:" line, and each region's weight in
# hundredths (r2c3's 45 for "woman"); j j on Q moves it to "frisbee"
image_panel() {
    new_server -x 100 -y 35 \
        "env XDG_STATE_HOME=$tmp/state ATTNLAB_LESSONS=$PWD/tests/lessons/ui LANG=C.UTF-8 $1 \
         $BIN $PWD/lessons/09-image-attention.lesson --step 3; echo ATTNLAB-EXIT=\$?; sleep 60"
    wait_for "step 3 of 8"
    wait_for "most: r2c3 0.45"
    screen | grep -q "03[^0-9]*45" ||
        { echo "e2e_tmux: FAIL: no region weights under $1" >&2; screen >&2; fails=$((fails + 1)); }
    keys j j
    wait_for "most: r0c5 0.63"
    quit_all
    wait_for "ATTNLAB-EXIT=0"
    stop
}
image_panel "TERM=tmux-256color COLORTERM=truecolor"
image_panel "TERM=tmux-256color"
image_panel "TERM=screen"
image_panel "TERM=tmux-256color NO_COLOR=1"

# issue 16: attnlab view on a model's attention (tests/fixtures/view_ui/small.npz:
# layer 1 is previous token, first token, self, induction) at 80x24, in
# 256 colours, 8 colours and NO_COLOR: the overview, a head's summary, the
# head opened large with its keys written down their columns, the query's
# bars and top keys, the arithmetic, e and E (the PNGs written), back
view_screen() {
    rm -rf "$tmp/figs"
    new_server -x 80 -y 24 \
        "env XDG_STATE_HOME=$tmp/state ATTNLAB_FIGURES=$tmp/figs LANG=C.UTF-8 $1 \
         $BIN view $PWD/tests/fixtures/view_ui/small.npz; echo ATTNLAB-EXIT=\$?; sleep 60"
    wait_for "2 layers x 4 heads, 12 x 12 tokens  layer 0 head 0"
    wait_for "L\\H"
    wait_for "[/] layer"
    keys j
    wait_for "L1 H0: previous token"
    wait_for "mean weight on the previous token: 0.92"
    keys '}' '}' '}'
    wait_for "L1 H3: induction"
    keys Enter
    wait_for "(large)"
    wait_for "query 0 'the' looks at:"
    # the keys "the cat sat on a mat" twice, a character a row
    wait_for "       t c s o a m t c s o a m"
    wait_for "       h a a n   a h a a n   a"
    wait_for "q\\k    e t t     t e t t     t"
    keys e
    wait_for "figure written to $tmp/figs/small-L1-H3.png"
    keys E
    wait_for "figure written to $tmp/figs/small-grid.png"
    for f in small-L1-H3 small-grid; do
        head -c 8 "$tmp/figs/$f.png" 2>/dev/null | od -An -c | grep -q "P   N   G" ||
            { echo "e2e_tmux: FAIL: no PNG $f under $1" >&2; fails=$((fails + 1)); }
    done
    keys j j j j j j j
    wait_for "query 7 'cat' looks at:"
    wait_for "top: 'sat' 0.91"
    keys '['
    wait_for "L0 H3  q 0-11 of 12"
    keys Enter
    wait_for "the score s = q . k / sqrt(d), d = 4"
    wait_for "4) divide: a = exp / S = 0.766 / 5.239 = 0.1462"
    keys Escape
    wait_for "query 7 'cat' looks at:"
    keys q q
    wait_for "ATTNLAB-EXIT=0"
    stop
}
view_screen "TERM=tmux-256color"
view_screen "TERM=screen"
view_screen "TERM=tmux-256color NO_COLOR=1"

if [ $fails -ne 0 ]; then
    echo "e2e_tmux: $fails check(s) failed" >&2
    exit 1
fi
echo "e2e_tmux: ok"
exit 0

# Sourced by tests/cli-core.sh, cli-badinput.sh and cli-help.sh (from the
# top of the tree): the binary under test, a scratch folder removed at exit,
# and the pass / fail counters. Not a test itself (cli_test.sh runs cli-*.sh).
A=${ATTNLAB:-./attnlab}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect_exit_msg CODE 'TEXT ON STDERR' DESCRIPTION CMD...: CMD exits with
# CODE and, unless TEXT is empty, says TEXT on stderr (stdout in $tmp/out)
expect_exit_msg() {
    want=$1; text=$2; what=$3; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$what: exit $got, wanted $want"; cat "$tmp/err"
    elif [ -n "$text" ] && ! grep -F -q -- "$text" "$tmp/err"; then
        bad "$what: stderr lacks '$text'"; cat "$tmp/err"
    else
        ok
    fi
}

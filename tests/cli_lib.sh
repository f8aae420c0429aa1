# Sourced by tests/cli-*.sh (from the
# top of the tree): the binary under test, a scratch folder removed at exit,
# the pass / fail counters, expect and has. Not a test itself (cli_test.sh runs them).
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
# expect CODE DESCRIPTION CMD...: the exit status must match (out, err in $tmp)
expect() {
    want=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; cat "$tmp/err"; fi
}
has() { # FILE TEXT DESCRIPTION: FILE holds TEXT
    if grep -F -q -- "$2" "$1"; then ok; else bad "$3: no '$2' in"; cat "$1"; fi
}

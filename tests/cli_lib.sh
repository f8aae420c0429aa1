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

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

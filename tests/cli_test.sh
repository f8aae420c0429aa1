#!/bin/sh
# Runs every tests/cli-*.sh (end-to-end tests of the command line), each with
# $ATTNLAB naming the binary under test. One file per subcommand keeps
# branches that add subcommands from editing the same file.
set -eu
: "${ATTNLAB:=./attnlab}"
export ATTNLAB
status=0
for t in tests/cli-*.sh; do
    [ -e "$t" ] || continue
    echo "== $t"
    sh "$t" || status=1
done
exit $status

# Shared helpers for the shell tests. Sourced, not run: CTest only runs *.sh files
# in tests/cli whose names do not start with "lib".
set -euo pipefail
NG=$1
REPO=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# expect_error NAME EXPECTED_CODE PATTERN -- command...: runs the command, checks the exit
# code and that stderr matches PATTERN (an extended regex).
expect_error() {
  local name=$1 code=$2 pattern=$3
  shift 4
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [[ $rc -ne $code ]]; then fail "$name: exit $rc, expected $code; stderr: $(cat "$WORK/err")"; return; fi
  if ! grep -Eq -- "$pattern" "$WORK/err"; then fail "$name: stderr does not match /$pattern/: $(cat "$WORK/err")"; return; fi
  pass "$name"
}
finish() {
  if [[ $failures -ne 0 ]]; then echo "$failures failure(s)" >&2; exit 1; fi
}

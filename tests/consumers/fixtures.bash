# Sourced by the consumer scripts (not a test itself: CTest runs only *.sh).
# Usage: source fixtures.bash "$1" "$2"  — sets:
#   ng    the newsgraph executable          repo  the repository root
#   work  a scratch directory, removed on exit
#   fx    a directory holding the hostile-string fixtures in every export format,
#         written by the doctest case "export fixtures*" of newsgraph_tests
#   node_dir  tests/consumers (where node_modules lives)
# and defines fail MSG (prints and exits 1).
ng=$(realpath "$1")
repo=$(realpath "$2")
node_dir="$repo/tests/consumers"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

tests_bin=${NEWSGRAPH_TESTS_BIN:-"$(dirname "$ng")/tests/newsgraph_tests"}
[[ -x $tests_bin ]] || fail "newsgraph_tests not found at $tests_bin (set NEWSGRAPH_TESTS_BIN)"
fx="$work/fixtures"
mkdir -p "$fx"
NEWSGRAPH_EXPORT_FIXTURES="$fx" "$tests_bin" --test-case='export fixtures*' >"$work/fixtures.log" 2>&1 ||
  { cat "$work/fixtures.log" >&2; fail "writing the export fixtures failed"; }
[[ -s $fx/expect.json ]] || fail "fixtures were not written"

need_node_modules() {
  for m in "$@"; do
    [[ -d $node_dir/node_modules/$m ]] || fail "npm package $m missing: run scripts/setup.sh (npm install in tests/consumers)"
  done
}

# True when `newsgraph build --format` lists FORMAT. The CLI gains formats as they are
# wired; until then a script checks the library's fixtures only (and says so).
cli_offers() {
  "$ng" build --help 2>/dev/null | grep -E -- '--format' | grep -qE "[ :|]$1(\||$|[[:space:]])"
}

#!/usr/bin/env bash
# Every subcommand has --help (stdout, exit 0); --version prints the version.
source "$(dirname "$0")/lib.sh"
"$NG" --version | grep -Eq '^newsgraph [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
for sub in build extract annotate "train pos" "train ner" "train parse" "eval pos" "eval ner" "eval parse"; do
  # shellcheck disable=SC2086
  out=$("$NG" $sub --help) || { fail "$sub --help exited non-zero"; continue; }
  grep -q "Usage" <<<"$out" || fail "$sub --help printed no usage"
done
rc=0; "$NG" >/dev/null 2>&1 || rc=$?
[[ $rc -ne 0 ]] || fail "no subcommand should be a usage error"
pass help
finish

#!/usr/bin/env bash
# iscsi-conformance.sh OBD4J_URL OUT_DIR — run libiscsi's conformance suite (iscsi-test-cu, via
#   ../shared/tools/libiscsi-suite.sh) against an obd4j LUN and against tgt (../shared/tools/tgtd.sh, a LUN of
#   the same size), then write OUT_DIR/conformance.md: one row per test with both verdicts.
#   Prints "regressions: N" (tests tgt passes and obd4j does not, minus those in KNOWN_GAPS) as its last line;
#   exits 1 when N > 0. The obd4j target must already serve OBD4J_URL.
# Env: TGTD_PORT (free port for tgt; default 3261), LUN_SIZE (bytes, default 268435456), SUITE_TESTS (ALL),
#   KNOWN_GAPS (file of Suite.Test names owned by other layers, one per line; '#' comments).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OBD4J_URL OUT_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
tools=${OBD4J_TOOLS:-$here/../../shared/tools}
url=$1 out=$2
mkdir -p "$out"
tests=${SUITE_TESTS:-ALL}
export TGTD_LUN_SIZE=${LUN_SIZE:-268435456}

# verdicts LOG — "Suite.Test verdict" lines (passed | FAILED | skipped) as libiscsi-suite.sh counts them, except
# that a "[SKIPPED]" printed after the verdict on the same line belongs to the next suite's setup, not this test
# ("passed    [SKIPPED] PERSISTENT RESERVE IN is not implemented.").
verdicts() {
  awk '
    /^Suite: / { suite = $2 }
    /^  Test: / { test = $2; verdict = ""; skip = 0 }
    verdict == "" {
      v = match($0, /\.\.\.(passed|FAILED)|^(passed|FAILED)( |$)/)
      s = index($0, "[SKIPPED]")
      if (s > 0 && (v == 0 || s < v)) skip = 1
      if (v > 0) {
        verdict = substr($0, v, RLENGTH) ~ /FAILED/ ? "FAILED" : (skip ? "skipped" : "passed")
        print suite "." test, verdict
      }
    }' "$1" | sort -u
}

SUITE_LOG=$out/obd4j.log SUITE_ALLOW_FAIL=1 "$tools/libiscsi-suite.sh" "$url" "$tests" > "$out/obd4j.summary"

tgt_stop() { "$tools/tgtd.sh" stop >/dev/null 2>&1 || true; }
trap tgt_stop EXIT
tgt_stop
eval "$("$tools/tgtd.sh" start)"
SUITE_LOG=$out/tgt.log SUITE_ALLOW_FAIL=1 "$tools/libiscsi-suite.sh" "$ISCSI_URL" "$tests" > "$out/tgt.summary"
tgt_stop
trap - EXIT

verdicts "$out/obd4j.log" > "$out/obd4j.verdicts"
verdicts "$out/tgt.log" > "$out/tgt.verdicts"
known=$(mktemp)
if [ -n "${KNOWN_GAPS:-}" ] && [ -f "$KNOWN_GAPS" ]; then awk '!/^[[:space:]]*#/ && NF {print $1}' "$KNOWN_GAPS" > "$known"; fi

join -a1 -a2 -e missing -o 0,1.2,2.2 "$out/obd4j.verdicts" "$out/tgt.verdicts" > "$out/joined"
regressions=$(awk 'NR==FNR {gap[$1]=1; next} $3=="passed" && $2!="passed" && !gap[$1] {print $1}' \
  "$known" "$out/joined")
{
  echo "| test | obd4j | tgt |"
  echo "|---|---|---|"
  awk '{ mark = ($3=="passed" && $2!="passed") ? " **(tgt only)**" : ""; print "| " $1 " | " $2 mark " | " $3 " |" }' \
    "$out/joined"
  echo
  for who in obd4j tgt; do
    awk -v who=$who '{n[$2]++} END {printf "%s: %d passed, %d failed, %d skipped\n", who, n["passed"], n["FAILED"], n["skipped"]}' \
      "$out/$who.verdicts"
  done
} > "$out/conformance.md"
rm -f "$known"
n=$(printf '%s' "$regressions" | grep -c . || true)
[ "$n" -eq 0 ] || printf 'REGRESSION %s\n' $regressions >&2
tail -n 2 "$out/conformance.md"
echo "regressions: $n"
[ "$n" -eq 0 ]

#!/usr/bin/env bash
# iscsi-perf-rounds.sh ROUNDS NAME=READ_URL[,WRITE_URL]... — interleaved rounds of the issue-4 speed rows over
#   several targets: 4 KiB random read QD1 and QD32 and 1 MiB sequential read QD1 and QD32 (libiscsi iscsi-perf
#   through ../shared/tools/iscsi-bench.sh, BENCH_SECS each) on READ_URL, then 4 KiB writes at QD32
#   (scripts/iscsi-write-bench.sh, WRITE_COUNT writes) on WRITE_URL when given. The target order rotates by one
#   every round (A B C / B C A / C A B ...). Prints one line per target and round:
#   round target load1 qd1_iops qd32_iops seq1_mibs seq32_mibs write32_iops, then the means per target.
#   WRITES DATA to WRITE_URL: use scratch LUNs.
# Env: BENCH_SECS (5), WRITE_COUNT (100000), ROWS (all; "qd1" = only the 4 KiB QD1 read, "write" = only writes).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROUNDS NAME=READ_URL[,WRITE_URL]..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
tools=${OBD4J_TOOLS:-$here/../../shared/tools}
rounds=$1; shift
targets=("$@")
rows=${ROWS:-all}
export BENCH_SECS=${BENCH_SECS:-5}

# perf URL BYTES QD [-r] — IOPS of one iscsi-perf run
perf() {
  local block out
  block=$(iscsi-readcapacity16 "$1" | awk -F: '/LOGICAL BLOCK LENGTH/ {print $2}')
  out=$(iscsi-perf -t "$BENCH_SECS" -m "$3" -b $(( $2 / block )) ${4:+"$4"} "$1" 2>&1 | tr '\r' '\n')
  grep -o 'iops average [0-9]*' <<< "$out" | tail -n 1 | awk '{print $3}'
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
printf '%-5s %-10s %5s %9s %9s %9s %9s %9s\n' round target load1 qd1_iops qd32_iops seq1_MiBs seq32_MiBs write32
n=${#targets[@]}
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    spec=${targets[$(( (k + r) % n ))]}
    name=${spec%%=*} urls=${spec#*=}
    read_url=${urls%%,*} write_url=
    [ "$urls" != "$read_url" ] && write_url=${urls#*,}
    load=$(cut -d' ' -f1 /proc/loadavg)
    q1=- q32=- s1=- s32=- w=-
    if [ "$rows" = all ] || [ "$rows" = qd1 ]; then q1=$(perf "$read_url" 4096 1 -r); fi
    if [ "$rows" = all ]; then
      q32=$(perf "$read_url" 4096 32 -r)
      s1=$(( $(perf "$read_url" 1048576 1) ))
      s32=$(( $(perf "$read_url" 1048576 32) ))
    fi
    if [ -n "$write_url" ] && { [ "$rows" = all ] || [ "$rows" = write ]; }; then
      w=$("$here/iscsi-write-bench.sh" "$write_url" | awk '{print $3}')
    fi
    printf '%-5s %-10s %5s %9s %9s %9s %9s %9s\n' "$((r + 1))" "$name" "$load" "$q1" "$q32" "$s1" "$s32" "$w" |
      tee -a "$results"
  done
done
echo "means:"
awk '{ n[$2]++; for (i = 4; i <= 8; i++) if ($i != "-") { s[$2, i] += $i; c[$2, i]++ } }
  END { for (t in n) { printf "%-5s %-10s %5s", "mean", t, "";
        for (i = 4; i <= 8; i++) printf " %9s", c[t, i] ? sprintf("%d", s[t, i] / c[t, i]) : "-"; print "" } }' "$results"

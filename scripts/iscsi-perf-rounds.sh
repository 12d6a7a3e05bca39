#!/usr/bin/env bash
# iscsi-perf-rounds.sh ROUNDS NAME[@PID]=READ_URL[,WRITE_URL]... — interleaved rounds of the issue-4 speed rows over
#   several targets: 4 KiB random read QD1 and QD32 and 1 MiB sequential read QD1 and QD32 (libiscsi iscsi-perf,
#   BENCH_SECS each, as ../shared/tools/iscsi-bench.sh runs it) on READ_URL, then 4 KiB writes at QD32
#   (scripts/iscsi-write-bench.sh, WRITE_COUNT writes) on WRITE_URL when given. The target order rotates by one
#   every round (A B C / B C A / C A B ...). Prints one line per target and round, then the means per target:
#   round target load1 qd1_iops qd32_iops seq1_MiBs seq32_MiBs write32_iops cpu_qd1 cpu_w32.
#   With @PID, cpu_qd1 and cpu_w32 are the target process's CPU time (utime+stime, all threads) per command in µs
#   during the 4 KiB QD1 read and the QD32 write rows: a figure the machine's load moves far less than IOPS.
#   WRITES DATA to WRITE_URL: use scratch LUNs.
# Env: BENCH_SECS (5), WRITE_COUNT (100000), ROWS (all; "qd1" = only the 4 KiB QD1 read, "write" = only writes).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROUNDS NAME[@PID]=READ_URL[,WRITE_URL]..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
rounds=$1; shift
targets=("$@")
rows=${ROWS:-all}
secs=${BENCH_SECS:-5}
count=${WRITE_COUNT:-100000}
hz=$(getconf CLK_TCK)

# perf URL BYTES QD [-r] — IOPS of one iscsi-perf run
perf() {
  local block out iops
  block=$(iscsi-readcapacity16 "$1" | awk -F: '/LOGICAL BLOCK LENGTH/ {print $2}')
  out=$(iscsi-perf -t "$secs" -m "$3" -b $(( $2 / block )) ${4:+"$4"} "$1" 2>&1 | tr '\r' '\n')
  iops=$(grep -o 'iops average [0-9]*' <<< "$out" | tail -n 1 | awk '{print $3}')
  [ "${iops:-0}" -gt 0 ] || { echo "no result from iscsi-perf on $1: $(tail -n 3 <<< "$out")" >&2; exit 1; }
  echo "$iops"
}
# ticks PID — CPU clock ticks PID has used (0 without a PID)
ticks() { if [ -n "$1" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi; }
# cpu_us PID TICKS OPS — CPU µs per operation ("-" without a PID)
cpu_us() {
  if [ -n "$1" ]; then awk -v t="$2" -v n="$3" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'; else echo -; fi
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
fmt='%-5s %-8s %5s %9s %9s %9s %9s %9s %7s %7s\n'
# shellcheck disable=SC2059
printf "$fmt" round target load1 qd1_iops qd32_iops seq1_MiBs seq32_MiBs write32 cpu_qd1 cpu_w32
n=${#targets[@]}
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    spec=${targets[$(( (k + r) % n ))]}
    name=${spec%%=*} urls=${spec#*=} pid=
    if [ "${name#*@}" != "$name" ]; then pid=${name#*@} name=${name%%@*}; fi
    read_url=${urls%%,*} write_url=
    if [ "$urls" != "$read_url" ]; then write_url=${urls#*,}; fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    q1=- q32=- s1=- s32=- w=- c1=- cw=-
    if [ "$rows" = all ] || [ "$rows" = qd1 ]; then
      t0=$(ticks "$pid"); q1=$(perf "$read_url" 4096 1 -r); t1=$(ticks "$pid")
      c1=$(cpu_us "$pid" $((t1 - t0)) $((q1 * secs)))
    fi
    if [ "$rows" = all ]; then
      q32=$(perf "$read_url" 4096 32 -r)
      s1=$(perf "$read_url" 1048576 1)
      s32=$(perf "$read_url" 1048576 32)
    fi
    if [ -n "$write_url" ] && { [ "$rows" = all ] || [ "$rows" = write ]; }; then
      t0=$(ticks "$pid")
      w=$(WRITE_COUNT=$count "$here/iscsi-write-bench.sh" "$write_url" | awk '{print $3}')
      t1=$(ticks "$pid")
      cw=$(cpu_us "$pid" $((t1 - t0)) "$count")
    fi
    # shellcheck disable=SC2059
    printf "$fmt" "$((r + 1))" "$name" "$load" "$q1" "$q32" "$s1" "$s32" "$w" "$c1" "$cw" | tee -a "$results"
  done
done
awk -v fmt="$fmt" '
  { n[$2]++; for (i = 3; i <= 10; i++) if ($i != "-") { s[$2, i] += $i; c[$2, i]++ } }
  END {
    for (t in n) {
      for (i = 3; i <= 10; i++) v[i] = c[t, i] ? sprintf(i == 3 || i >= 9 ? "%.1f" : "%d", s[t, i] / c[t, i]) : "-"
      printf fmt, "mean", t, v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]
    }
  }' "$results"

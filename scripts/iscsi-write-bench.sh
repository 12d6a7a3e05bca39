#!/usr/bin/env bash
# iscsi-write-bench.sh ISCSI_URL — 4 KiB writes at queue depth 32 with qemu-img bench (libiscsi has no write
#   benchmark, Debian's fio no libiscsi engine): WRITE_COUNT writes of 4 KiB, each 1028 KiB after the previous one
#   (wrapping at the end of the LUN), O_DIRECT-style (-t none), no flush. Prints one row in iscsi-bench.sh's
#   format: workload, qd, IOPS, MiB/s, mean latency in µs. WRITES DATA: use a scratch LUN.
# Env: WRITE_COUNT (100000), WRITE_QD (32).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 ISCSI_URL" >&2; exit 2; }
count=${WRITE_COUNT:-100000} qd=${WRITE_QD:-32}
out=$(qemu-img bench -f raw -w -n -t none -d "$qd" -s 4096 -S $((1028 * 1024)) -c "$count" "$1" 2>&1) ||
  { echo "qemu-img bench failed: $out" >&2; exit 1; }
secs=$(grep -o 'Run completed in [0-9.]*' <<< "$out" | awk '{print $4}')
[ -n "$secs" ] || { echo "no result from qemu-img bench: $out" >&2; exit 1; }
awk -v n="$count" -v s="$secs" -v qd="$qd" \
  'BEGIN { iops = n / s; printf "%-12s %4d %9d %9.1f %10.1f\n", "4k-write", qd, iops, iops * 4096 / 1048576, qd * 1e6 / iops }'

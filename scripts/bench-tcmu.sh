#!/usr/bin/env bash
# bench-tcmu.sh [OUT_DIR] — fio on /dev/sdX inside the test VM (../shared/tools/vm/run.sh, one boot): the same raw
#   image served read-only by obd4j's TCMU handler (io.obd4j.tcmu.TcmuBenchServe) and by Debian's tcmu-runner
#   (handler qcow, which serves a non-qcow file as raw: Debian ships no "file" handler), both exported through
#   tcm_loop with max_data_area_mb=4 as the snapshotter does. Jobs: 4 KiB random read at QD1 and QD32, 1 MiB
#   sequential read at QD4, libaio, O_DIRECT, time-based. Rounds alternate obd4j / tcmu-runner (ROUNDS pairs).
#   Writes OUT_DIR/results.tsv and prints a Markdown table with the obd4j / tcmu-runner ratio (medians).
# Needs: the tcmu module built with its test classes (mvn -o -pl tcmu -am install -DskipTests -DskipITs), root.
# Env: IMAGE_MB (256), RUNTIME (15 s per job), WARMUP (20 s of random reads before each server's jobs, not recorded:
#   the JIT needs them, all the more under TCG), ROUNDS (2), WORKERS (obd4j's command threads, 4), VM_* as run.sh
#   (VM_MEM defaults to 3G here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vm=${OBD4J_VM:-$root/../../shared/tools/vm/run.sh}
[ -x "$vm" ] || vm=$root/../shared/tools/vm/run.sh
cfg=/sys/kernel/config/target

# ---- guest side: bench-tcmu.sh --guest OUT CLASSPATH ----
fio_job() { # fio_job DEV NAME RW BS QD -> "iops MiB/s clat_mean_us"
  fio --name="$2" --filename="$1" --rw="$3" --bs="$4" --iodepth="$5" --ioengine=libaio --direct=1 \
    --time_based --runtime="$RUNTIME" --ramp_time=2 --readonly --output-format=json |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["jobs"][0]["read"]
print("%.0f %.1f %.0f" % (r["iops"], r["bw_bytes"]/1048576, r["clat_ns"]["mean"]/1000))'
}
fio_all() { # fio_all SERVER DEV ROUND — WARMUP s of QD32 random reads (unrecorded), then one results.tsv line per job
  local name rw bs qd
  RUNTIME=$WARMUP fio_job "$2" warmup randread 4k 32 < /dev/null > /dev/null
  while read -r name rw bs qd; do
    printf '%s\t%s\t%s\t%s\n' "$1" "$3" "$name" "$(fio_job "$2" "$name" "$rw" "$bs" "$qd" < /dev/null)" |
      tee -a "$out/results.tsv"
  done <<'JOBS'
randread-4k-qd1 randread 4k 1
randread-4k-qd32 randread 4k 32
read-1m-qd4 read 1M 4
JOBS
}
disk_of() { # disk_of ADDRESS -> /dev/sdX (waits up to 60 s)
  local i
  for i in $(seq 600); do
    ls "/sys/class/scsi_device/$1:0/device/block/" 2>/dev/null | head -n1 | grep . && return 0
    sleep 0.1
  done
  return 1
}
run_obd4j() { # run_obd4j ROUND
  local dev
  coproc SERVE { exec java -cp "$cp" io.obd4j.tcmu.TcmuBenchServe "$img" 7001 "$WORKERS" 2>"$out/obd4j-$1.log"; }
  read -r _ dev <&"${SERVE[0]}" || true
  [ -b "${dev:-/nonexistent}" ] || { echo "obd4j did not attach:" >&2; cat "$out/obd4j-$1.log" >&2; exit 1; }
  echo "obd4j: $dev" >&2
  fio_all obd4j "$dev" "$1"
  echo stop >&"${SERVE[1]}"
  wait "$SERVE_PID"
}
run_runner() { # run_runner ROUND
  local naa=naa.5001405000000001 addr dev pid
  tcmu-runner -l "$out" > "$out/tcmu-runner-$1.out" 2>&1 & pid=$!
  sleep 3 # its netlink listener must be up before enable (obd4j's SET_FEATURES left the dmesg marker already)
  mkdir -p $cfg/core/user_0/bench
  echo -n "dev_config=qcow/$img" > $cfg/core/user_0/bench/control
  echo -n "dev_size=$(stat -c %s "$img")" > $cfg/core/user_0/bench/control
  echo -n "max_data_area_mb=4" > $cfg/core/user_0/bench/control
  echo -n 1 > $cfg/core/user_0/bench/enable
  mkdir -p $cfg/loopback/$naa/tpgt_1/lun/lun_0
  echo -n $naa > $cfg/loopback/$naa/tpgt_1/nexus
  ln -s $cfg/core/user_0/bench $cfg/loopback/$naa/tpgt_1/lun/lun_0/bench
  addr=$(cat $cfg/loopback/$naa/tpgt_1/address)
  dev=/dev/$(disk_of "$addr")
  echo "tcmu-runner: $dev" >&2
  fio_all tcmu-runner "$dev" "$1"
  rm $cfg/loopback/$naa/tpgt_1/lun/lun_0/bench
  rmdir $cfg/loopback/$naa/tpgt_1/lun/lun_0 $cfg/loopback/$naa/tpgt_1 $cfg/loopback/$naa $cfg/core/user_0/bench
  kill "$pid"; wait "$pid" || true
}
if [ "${1:-}" = --guest ]; then
  out=$2 cp=$3 img=/tmp/bench.raw
  echo "guest: $(uname -r), $(nproc) cpus; loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  dd if=/dev/urandom of="$img" bs=1M count="$IMAGE_MB" status=none
  for round in $(seq "$ROUNDS"); do
    run_obd4j "$round"
    run_runner "$round"
  done
  exit 0
fi

# ---- host side ----
[ "$(id -u)" -eq 0 ] || { echo "run as root (the guest's root is the caller's)" >&2; exit 2; }
for p in fio tcmu-runner; do command -v "$p" >/dev/null || { echo "missing $p: apt-get install $p" >&2; exit 2; }; done
out=$(mkdir -p "${1:-/tmp/bench-tcmu}" && cd "${1:-/tmp/bench-tcmu}" && pwd)
: > "$out/results.tsv"
(cd "$root" && mvn -o -q -pl tcmu dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" >/dev/null)
# this checkout's modules, not whatever another build last installed into ~/.m2
cp="$root/tcmu/target/test-classes:$root/tcmu/target/classes:$(tr ':' '\n' < "$out/classpath.txt" |
  sed -E "s#^.*/io/obd4j/obd4j-([a-z-]+)/[^/]+/obd4j-[a-z-]+-[^/]*-tests\.jar\$#$root/\1/target/test-classes#;
          s#^.*/io/obd4j/obd4j-([a-z-]+)/[^/]+/obd4j-[a-z-]+-[^/]*\.jar\$#$root/\1/target/classes#" | paste -sd:)"
export IMAGE_MB=${IMAGE_MB:-256} RUNTIME=${RUNTIME:-15} WARMUP=${WARMUP:-20} ROUNDS=${ROUNDS:-2} WORKERS=${WORKERS:-4}
echo "host: $(nproc) cpus, loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
VM_MEM=${VM_MEM:-3G} VM_PASS_ENV="LANG JAVA_HOME IMAGE_MB RUNTIME WARMUP ROUNDS WORKERS" "$vm" --share "$out" -- \
  bash "$here/bench-tcmu.sh" --guest "$out" "$cp"
echo "host: loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$out/results.tsv" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for server, rnd, job, iops, mibs, lat in rows:
    med.setdefault((job, server), []).append((float(iops), float(mibs), float(lat)))
print("| job | obd4j IOPS | obd4j MiB/s | obd4j mean clat µs | tcmu-runner IOPS | tcmu-runner MiB/s "
      "| tcmu-runner mean clat µs | obd4j / tcmu-runner |")
print("|---|---|---|---|---|---|---|---|")
for job in dict.fromkeys(r[2] for r in rows):
    o = [statistics.median(v) for v in zip(*med[(job, "obd4j")])]
    t = [statistics.median(v) for v in zip(*med[(job, "tcmu-runner")])]
    print(f"| {job} | {o[0]:.0f} | {o[1]:.1f} | {o[2]:.0f} | {t[0]:.0f} | {t[1]:.1f} | {t[2]:.0f} | {o[0] / t[0]:.2f}x |")
EOF

#!/usr/bin/env bash
# demo.sh — obd4j serving a container-style image as an iSCSI disk, made on the spot:
#   1. a tiny ext4 filesystem (mkfs.ext4 -d of a folder holding a README),
#   2. imported by obd4j's own CLI as a ZFile-compressed read-only layer, with a writable layer on top,
#   3. the daemon serving it on 127.0.0.1:3260 (API 127.0.0.1:9862, metrics 127.0.0.1:9863/metrics).
# Prints the iSCSI URL and commands to try; Ctrl-C stops the daemon cleanly (writes flushed).
# Env: OBD4J_DEMO_DIR (work directory, default a new temp dir), OBD4J_ISCSI_PORT (3260), OBD4J_API_PORT (9862),
#      OBD4J_METRICS_PORT (9863), JAVA (java).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/daemon/target/obd4j-daemon-0.1.0-all.jar"
java="${JAVA:-java}"
iscsi_port="${OBD4J_ISCSI_PORT:-3260}"
api_port="${OBD4J_API_PORT:-9862}"
metrics_port="${OBD4J_METRICS_PORT:-9863}"

for tool in mkfs.ext4 curl "$java"; do
  command -v "$tool" >/dev/null || { echo "demo.sh: $tool is needed (apt-get install e2fsprogs curl)" >&2; exit 1; }
done
if [ ! -f "$jar" ]; then
  echo "demo.sh: building obd4j (mvn -B -q -DskipTests package -pl daemon -am) ..."
  (cd "$root" && mvn -B -q -DskipTests package -pl daemon -am)
fi

work="${OBD4J_DEMO_DIR:-$(mktemp -d /tmp/obd4j-demo.XXXXXX)}"
mkdir -p "$work"
cd "$work"
rm -rf rootfs ext4.img layer.zfile upper.data upper.index result daemon.pid
obd4j() { "$java" -jar "$jar" "$@"; }

echo "== 1. a tiny ext4 image from a folder"
mkdir -p rootfs/etc
cat > rootfs/README <<'EOF'
Hello from obd4j. This ext4 filesystem was made by demo.sh, imported as a ZFile layer and is served with a
writable layer on top, over iSCSI, by the obd4j daemon.
EOF
echo "obd4j-demo" > rootfs/etc/hostname
mkfs.ext4 -q -F -L obd4j-demo -d rootfs ext4.img 64M

echo "== 2. import as a ZFile layer, writable layer on top"
obd4j import-raw --zfile --no-progress ext4.img layer.zfile
obd4j create upper.data upper.index 64M >/dev/null
cat > config.v1.json <<EOF
{
  "lowers": [ { "file": "$work/layer.zfile" } ],
  "upper": { "index": "$work/upper.index", "data": "$work/upper.data" },
  "resultFile": "$work/result"
}
EOF
cat > overlaybd.json <<EOF
{
  "logConfig": { "logLevel": 1, "logPath": "$work/obd4j.log" },
  "cacheConfig": { "cacheType": "file", "cacheDir": "$work/registry_cache", "cacheSizeGB": 1 },
  "credentialConfig": { "mode": "file", "path": "$work/cred.json" },
  "enableAudit": true,
  "auditPath": "$work/audit.log",
  "serviceConfig": { "enable": true, "address": "http://127.0.0.1:$api_port" },
  "exporterConfig": { "enable": true, "address": "127.0.0.1", "port": $metrics_port, "uriPrefix": "/metrics" },
  "obd4j": {
    "tcmu": { "enable": false },
    "iscsi": { "enable": true, "address": "127.0.0.1", "port": $iscsi_port, "blockSize": 512 }
  }
}
EOF

echo "== 3. the daemon"
"$java" -Xms64m -Xmx256m -XX:+UseG1GC -jar "$jar" daemon --config "$work/overlaybd.json" >"$work/daemon.out" 2>&1 &
daemon=$!
echo $daemon > daemon.pid
stop() {
  trap - INT TERM
  echo
  echo "== stopping obd4j (SIGTERM: drain, flush the writable layer, exit)"
  kill -TERM "$daemon" 2>/dev/null || true
  rc=0; wait "$daemon" || rc=$?
  echo "obd4j exited with status $rc; files kept in $work"
  exit "$rc"
}
trap stop INT TERM

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
  kill -0 "$daemon" 2>/dev/null || { echo "demo.sh: the daemon died:"; cat "$work/daemon.out"; exit 1; }
  sleep 0.2
done
reply="$(curl -fsS -X POST "http://127.0.0.1:$api_port/v1/devices" \
  -d "{\"id\":\"demo\",\"config\":\"$work/config.v1.json\"}")" || { echo "demo.sh: export failed"; stop; }
url="$(printf '%s' "$reply" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')"
iqn="$(printf '%s' "$reply" | sed -n 's/.*"iqn":"\([^"]*\)".*/\1/p')"

cat <<EOF

obd4j is serving the demo image (resultFile: $(cat "$work/result"))
  iSCSI URL : $url
  target    : $iqn on 127.0.0.1:$iscsi_port, LUN 0
  API       : http://127.0.0.1:$api_port   (GET /health, GET /v1/devices, GET /v1/devices/demo)
  metrics   : http://127.0.0.1:$metrics_port/metrics
  files     : $work (obd4j.log, audit.log, layer.zfile, upper.data/.index)

Try (libiscsi-bin, qemu-utils, qemu-block-extra):
  iscsi-ls -s iscsi://127.0.0.1:$iscsi_port
  iscsi-inq $url
  iscsi-readcapacity16 $url
  qemu-img convert -O raw $url /tmp/demo.raw && debugfs -R 'cat /README' /tmp/demo.raw
  qemu-io -f raw -c 'write -P 0x5a 32M 64k' -c flush $url
  curl -s http://127.0.0.1:$api_port/v1/devices/demo
  curl -s http://127.0.0.1:$metrics_port/metrics

Ctrl-C stops obd4j cleanly.
EOF
wait "$daemon"

#!/usr/bin/env bash
# convert-bench.sh [TREE] — `obd4j convert` throughput: TREE (default /usr/lib/python3.11) is packed into a
#   one-layer OCI image (an OCI layout on disk, layer gzip -6 unless LAYER_COMPRESSION=none), converted to an
#   overlaybd OCI layout (64 GiB ext4, lz4 4 KiB ZFile, as the convertor's defaults), and the MB/s of uncompressed
#   layer tar converted is printed beside the time `mkfs.ext4 -d TREE` takes to build an ext4 of the same tree (the
#   reference: what a kernel-free tool needs just to lay the files out). Prints a markdown table; ROUNDS runs each.
# Needs: mvn -pl daemon -am install -DskipTests -DskipITs first; e2fsprogs, python3, /usr/bin/time.
# Env: ROUNDS (3), VSIZE (64 GiB, in GiB), LAYER_COMPRESSION (gzip|none), JAVA (java), WORK (mktemp -d).
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/usr/lib/python3.11}
rounds=${ROUNDS:-3} vsize=${VSIZE:-64} java=${JAVA:-java}
jar=$(ls daemon/target/obd4j-daemon-*-all.jar 2>/dev/null | head -1)
[ -n "$jar" ] || { echo "convert-bench.sh: build first: mvn -pl daemon -am install -DskipTests -DskipITs" >&2; exit 2; }
work=${WORK:-$(mktemp -d)}
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# ---- the source image: one layer tar of TREE in an OCI layout ----
tar -C "$tree" --numeric-owner --sort=name --mtime=@1700000000 -cf "$work/layer.tar" .
tar_bytes=$(stat -c %s "$work/layer.tar")
files=$(tar -tf "$work/layer.tar" | wc -l)
blob=$work/layer.tar
media=application/vnd.oci.image.layer.v1.tar
if [ "${LAYER_COMPRESSION:-gzip}" = gzip ]; then
  gzip -6 -n -c "$work/layer.tar" > "$work/layer.tar.gz"
  blob=$work/layer.tar.gz media=$media+gzip
fi
python3 - "$work" "$work/layer.tar" "$blob" "$media" <<'PY'
import hashlib, json, os, shutil, sys
work, tar, blob, media = sys.argv[1:]
def sha(p):
    h = hashlib.sha256()
    with open(p, 'rb') as f:
        for b in iter(lambda: f.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()
src = os.path.join(work, 'src')
os.makedirs(os.path.join(src, 'blobs', 'sha256'))
def put(data):
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(src, 'blobs', 'sha256', d), 'wb').write(data)
    return d, len(data)
ld = sha(blob)
shutil.copy(blob, os.path.join(src, 'blobs', 'sha256', ld))
cfg = json.dumps({'architecture': 'amd64', 'os': 'linux', 'created': '2024-01-01T00:00:00Z',
                  'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + sha(tar)]}}).encode()
cd, cs = put(cfg)
man = json.dumps({'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
                  'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': 'sha256:' + cd, 'size': cs},
                  'layers': [{'mediaType': media, 'digest': 'sha256:' + ld, 'size': os.path.getsize(blob)}]}).encode()
md, ms = put(man)
open(os.path.join(src, 'oci-layout'), 'w').write('{"imageLayoutVersion":"1.0.0"}')
json.dump({'schemaVersion': 2, 'manifests': [{'mediaType': 'application/vnd.oci.image.manifest.v1+json',
           'digest': 'sha256:' + md, 'size': ms, 'annotations': {'org.opencontainers.image.ref.name': 'bench'}}]},
          open(os.path.join(src, 'index.json'), 'w'))
PY
rm -f "$work/layer.tar.gz"

# run COMMAND... — elapsed seconds, max RSS KiB, CPU seconds (user + sys, children included) of one run
run() {
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  awk '{ print $1, $2, $3 + $4 }' "$work/time"
}
# row NAME ROUND SECS RSS CPU — one table row; MB/s over wall time and over CPU time (the machine is shared)
row() {
  awk -v n="$1" -v r="$2" -v s="$3" -v m="$4" -v c="$5" -v b="$tar_bytes" 'BEGIN {
    printf "| %s | %d | %.2f | %.1f | %.2f | %.1f | %.0f |\n", n, r, s, b / 1e6 / s, c, b / 1e6 / c, m / 1024 }'
}
mib=$(awk -v b="$tar_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "tree: $tree — $files entries, layer tar $mib MiB (${LAYER_COMPRESSION:-gzip}), vsize ${vsize} GiB"
echo
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
echo
echo "| run | round | wall s | MB/s (wall) | CPU s | MB/s (CPU) | max RSS MiB |"
echo "|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/out-layout" "$work/w" && mkdir -p "$work/w"
  read -r secs rss cpu < <(run "$java" -jar "$jar" convert --no-progress --vsize "$vsize" --work-dir "$work/w" \
    "oci:$work/src:bench" --output-layout "$work/out-layout")
  row "obd4j convert (lz4, 4 KiB)" "$r" "$secs" "$rss" "$cpu"
  rm -f "$work/ref.img" && truncate -s "${vsize}G" "$work/ref.img"
  read -r secs rss cpu < <(run mkfs.ext4 -q -F -b 4096 -d "$tree" "$work/ref.img")
  row "mkfs.ext4 -d (same tree, reference)" "$r" "$secs" "$rss" "$cpu"
  rm -f "$work/ref.img"
done
du -sb "$work/out-layout/blobs" | awk '{ printf "\noverlaybd image blobs: %.1f MiB\n", $1 / 1048576 }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

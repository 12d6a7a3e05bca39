#!/usr/bin/env bash
# sync-bench.sh [SIZE_MIB] — `obd4j sync` against `skopeo copy` between two loopback docker-registry instances, for
#   one image whose single uncompressed layer is SIZE_MIB (default 512) random bytes. obd4j runs with a 64 MiB heap
#   cap (-Xmx64m): the layer is larger than the heap, so finishing proves blobs stream instead of sitting in memory.
#   Prints a markdown table: wall seconds, MiB/s, max RSS. Needs `mvn -pl daemon -am install -DskipTests` first.
# Env: OBD4J_TOOLS (shared/tools directory; default: found next to the checkout), JAVA (default java).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-512}
tools=${OBD4J_TOOLS:-}
for d in ../shared/tools ../../shared/tools; do
  [ -n "$tools" ] || { [ -x "$d/registry.sh" ] && tools=$d; }
done
[ -n "$tools" ] || { echo "sync-bench.sh: set OBD4J_TOOLS to shared/tools" >&2; exit 2; }
jar=$(ls daemon/target/obd4j-daemon-*-all.jar 2>/dev/null | head -1)
[ -n "$jar" ] || { echo "sync-bench.sh: build first: mvn -pl daemon -am install -DskipTests" >&2; exit 2; }

state=$(mktemp -d)
export PEER_STATE_DIR=$state
src_port=$((20000 + RANDOM % 20000)) dst_port=$((src_port + 1))
cleanup() {
  REGISTRY_PORT=$src_port "$tools/registry.sh" stop || true
  REGISTRY_PORT=$dst_port "$tools/registry.sh" stop || true
  rm -rf "$state"
}
trap cleanup EXIT
eval "$(REGISTRY_PORT=$src_port REGISTRY_REDIRECT_PORT=$((src_port + 100)) "$tools/registry.sh" start)"
src=$REGISTRY_URL
eval "$(REGISTRY_PORT=$dst_port REGISTRY_REDIRECT_PORT=$((dst_port + 100)) "$tools/registry.sh" start)"
dst=$REGISTRY_URL
head -c "${size}M" /dev/urandom > "$state/layer.bin"
LAYER_COMPRESSION=none "$tools/push-test-image.sh" "$src" bench/big:v1 "$state/layer.bin" > /dev/null
rm "$state/layer.bin"

rules() {  # rules DEST_REPO [extra destination suffix]
  printf 'auth:\n  %s: {http: true}\n  %s: {http: true}\nimages:\n  %s/bench/big:v1: %s/%s\n' \
    "${src#http://}" "${dst#http://}" "${src#http://}" "${dst#http://}" "$1" > "$state/rules.yaml"
}
# row NAME MOVED_MIB COMMAND... — one table row from /usr/bin/time's elapsed seconds and max RSS.
row() {
  local name=$1 mib=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$state/time" "$@" > "$state/out" 2>&1 || { cat "$state/out" >&2; exit 1; }
  read -r secs rss < "$state/time"
  awk -v n="$name" -v s="$secs" -v r="$rss" -v mib="$mib" \
    'BEGIN { printf "| %s | %.2f | %s | %.0f |\n", n, s, (mib > 0 && s > 0 ? sprintf("%.0f", mib / s) : "-"), r / 1024 }'
}
java=${JAVA:-java}
echo "| run (${size} MiB layer) | seconds | MiB/s | max RSS MiB |"
echo "|---|---|---|---|"
rules mirror/big
row "obd4j sync, -Xmx64m, one streamed PUT" "$size" "$java" -Xmx64m -jar "$jar" sync -c "$state/rules.yaml" --no-progress
row "obd4j sync again (incremental: nothing to do)" 0 "$java" -Xmx64m -jar "$jar" sync -c "$state/rules.yaml" \
  --no-progress
grep -q '0 images synced, 1 unchanged' "$state/out" || { echo "second run was not a no-op:" >&2; cat "$state/out" >&2; exit 1; }
rules chunked/big
row "obd4j sync, -Xmx64m, --chunk-size 16M" "$size" "$java" -Xmx64m -jar "$jar" sync -c "$state/rules.yaml" --no-progress \
  --chunk-size 16M
row "skopeo copy (Debian 1.9.3)" "$size" skopeo copy --src-tls-verify=false --dest-tls-verify=false \
  "docker://${src#http://}/bench/big:v1" "docker://${dst#http://}/skopeo/big:v1"

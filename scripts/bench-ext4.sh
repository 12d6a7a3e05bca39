#!/usr/bin/env bash
# bench-ext4.sh — MB/s of OCI layer tar applied by core.ext4 (Ext4Image: mke2fs + one debugfs run) vs the time of
# `mke2fs -d` over the same extracted tree. Usage: scripts/bench-ext4.sh [MiB=200] [rounds=3] [workdir]
# Needs: bench/target/benchmarks.jar (nice mvn -o -B -q -pl core,bench -am package -DskipTests), e2fsprogs, tar.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-200}; rounds=${2:-3}; work=${3:-$(mktemp -d /var/tmp/obd4j-bench-ext4.XXXX)}
cp=bench/target/benchmarks.jar
main=io.obd4j.bench.Ext4ApplyComparison
TIMEFORMAT='real %R s, user %U s, sys %S s'
rm -rf "$work/tree"; mkdir -p "$work"
java -cp "$cp" $main generate "$work" "$mib"
tar --format=pax --numeric-owner --owner=0 --group=0 -C "$work/tree" -cf "$work/layer.tar" .
echo "layer.tar: $(stat -c %s "$work/layer.tar") bytes"
for i in $(seq "$rounds"); do
  rm -f "$work/apply.raw"*
  echo "round $i: Ext4Image.create + apply"
  time java -cp "$cp" $main apply "$work/layer.tar" "$work/apply.raw"
  rm -f "$work/mkfs.raw"; truncate -s 64G "$work/mkfs.raw"
  echo "round $i: mke2fs -d"
  time mke2fs -t ext4 -F -q -b 4096 -I 256 -O ^metadata_csum,uninit_bg \
    -E lazy_itable_init=1,lazy_journal_init=1,nodiscard,root_owner=0:0 -d "$work/tree" "$work/mkfs.raw"
  e2fsck -fn "$work/apply.raw" >/dev/null && e2fsck -fn "$work/mkfs.raw" >/dev/null && echo "both e2fsck clean"
done
rm -f "$work/apply.raw"* "$work/mkfs.raw"

#!/usr/bin/env bash
# scripts/test.sh — the whole test run (README "Run the tests"); .ci/run calls exactly this.
# Installs what the tests need on a fresh Debian 12 machine that has only a JDK, Maven and gcc, then runs
# every module's unit and integration tests. Real peers (registry, tgt, libiscsi, qemu-img) are started
# by the tests themselves through ../shared/tools (or scripts/ here) on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use. Keep this list the single place where test dependencies are installed.
APT_PACKAGES=(
  e2fsprogs        # mkfs.ext4 -d for sample images, e2fsck/debugfs to check filesystems
  curl
  openssl
  apache2-utils    # htpasswd for the registry with --auth
  docker-registry  # the real OCI registry (distribution 2.8)
  python3-rangehttpserver
  skopeo jq        # push-test-image.sh
  libiscsi-bin     # iscsi-ls, iscsi-inq, iscsi-readcapacity16, iscsi-test-cu, iscsi-perf
  tgt              # the reference userspace iSCSI target
  qemu-utils       # qemu-img, qemu-io
  qemu-block-extra # qemu's iscsi:// block driver (libiscsi)
)

SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # Debian starts packaged daemons on all addresses on install; our tests start their own on loopback.
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now tgt docker-registry >/dev/null 2>&1 || true
  fi
  pkill -x tgtd 2>/dev/null || true
  pkill -f 'docker-registry serve /etc/docker/registry' 2>/dev/null || true
fi

exec mvn -B verify "$@"

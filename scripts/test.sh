#!/usr/bin/env bash
# test.sh — run every test of obd4j: installs the Debian packages the tests use when they are missing
# (real peers: docker-registry, tgt, libiscsi's tools, qemu-img, skopeo ...), then `mvn -B verify`.
# Extra arguments go to Maven (e.g. scripts/test.sh -pl core -am).
# Env: OBD4J_SKIP_APT=1 skips the package step (machines without apt or root).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(e2fsprogs curl openssl apache2-utils docker-registry python3-rangehttpserver skopeo jq
          libiscsi-bin tgt qemu-utils qemu-block-extra open-iscsi)
# (the TCMU kernel test's VM scripts under ../shared/tools/vm install their own qemu, kernel and busybox; the guest
#  runs the host's binaries, so open-iscsi above is what its iSCSI initiator check uses)

missing=()
if [ "${OBD4J_SKIP_APT:-0}" != 1 ] && command -v dpkg-query >/dev/null; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test.sh: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec mvn -B verify "$@"

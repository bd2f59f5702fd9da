#!/usr/bin/env bash
# Installs the Debian packages the sandbox and the tests run for real (as root on Debian 12), only when missing.
set -euo pipefail
packages=(etcd-server etcd-client patroni python3-etcd python3-kazoo postgresql-15 zookeeper haproxy util-linux tmux
  python3-prometheus-client fish zsh jq iproute2 lintian)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

#!/usr/bin/env bash
# Installs and starts what the test suite needs on a fresh machine: PostgreSQL (trust auth on
# 127.0.0.1:5432) and Debian's Chromium for the browser tests. Idempotent; needs root for installs.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# PostgreSQL
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ci-services: installing PostgreSQL"
  apt_install postgresql
  ver=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)\s(peer|scram-sha-256|md5)$/\1\2 trust/' "$hba"
  sed -i -E 's/^(local\s+all\s+postgres\s+)peer$/\1trust/' "$hba"
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "ci-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

# Chromium for the browser tests (playwright-core drives Debian's build; no browser download).
if [ -x scripts/install-chromium.sh ] || [ -f scripts/install-chromium.sh ]; then
  bash scripts/install-chromium.sh
fi

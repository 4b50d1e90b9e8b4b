#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian chromium, prometheus with promtool,
# clickhouse-server, zookeeper and a Java runtime, unzip, buildah and mmdebstrap, npm packages, helm and kubectl in .cache/tools;
# the ClickHouse tests put chdb in .cache/chdb), then runs every test: typecheck, lint, unit and API tests, the image built by buildah, Playwright end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Debian's prometheus package brings promtool too (the demo's metric history needs it).
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || missing+=(prometheus)
command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ] || missing+=(clickhouse-server)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
# ZooKeeper (run by java) gives the test cluster of clickhouse-servers distributed DDL (ON CLUSTER).
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# helm and kubectl for the chart and manifest tests (test-only, never in a user's npm install).
bash scripts/install-kube-tools.sh >/dev/null

npm test

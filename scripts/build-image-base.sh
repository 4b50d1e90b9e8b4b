#!/usr/bin/env bash
# Builds the local Node base image the image test passes to the Dockerfile as NODE_IMAGE, when it is
# not built yet: base images cannot be pulled here, so this makes one from what the machine has —
# Debian bookworm (mmdebstrap --variant=minbase), this machine's node and npm, and its CA bundle
# (so npm inside the build reaches the registry through a TLS-inspecting proxy). It lives in the
# buildah storage under .cache/buildah (vfs driver), tagged by the node version and a hash of this
# script and the CA bundle, so it is built once (about 3 minutes) and reused by every later run.
# Needs root, buildah and mmdebstrap. Prints the image name.
set -euo pipefail
cd "$(dirname "$0")/.."

storage=(--storage-driver vfs --root "$PWD/.cache/buildah/storage" --runroot "$PWD/.cache/buildah/run")
node_bin=$(command -v node)
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # …/node_modules/npm
ca_bundle=/etc/ssl/certs/ca-certificates.crt
hash=$(cat "$0" "$ca_bundle" | sha256sum | cut -c1-12)
image="localhost/flowlens-test-node:$(node --version | tr -d v)-$hash"

if [ -n "$(buildah "${storage[@]}" images --quiet "$image" 2>/dev/null)" ]; then
  echo "$image"
  exit 0
fi
[ -r "$ca_bundle" ] || { echo "$ca_bundle is missing (Debian: apt-get install ca-certificates)" >&2; exit 1; }

mkdir -p .cache/buildah
work=$(mktemp -d .cache/buildah/.base-XXXXXX)
container=""
cleanup() {
  [ -z "$container" ] || buildah "${storage[@]}" rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building the local Node base image $image (mmdebstrap bookworm, node $(node --version), npm, CA bundle)" >&2
# Debian's part is kept until the image is committed, so a failure after it does not redo it.
rootfs=.cache/buildah/bookworm-minbase.tar
if [ ! -s "$rootfs" ]; then
  mmdebstrap --quiet --variant=minbase bookworm "$work/rootfs.tar" >&2
  mv "$work/rootfs.tar" "$rootfs"
fi
container=$(buildah "${storage[@]}" from --quiet scratch)
buildah "${storage[@]}" add --quiet "$container" "$rootfs" / >/dev/null
buildah "${storage[@]}" copy --quiet "$container" "$node_bin" /usr/local/bin/node >/dev/null
buildah "${storage[@]}" copy --quiet "$container" "$npm_dir" /usr/local/lib/node_modules/npm >/dev/null
buildah "${storage[@]}" copy --quiet "$container" "$ca_bundle" /etc/ssl/certs/ca-certificates.crt >/dev/null
# As in the official node images: npm and npx on the PATH, npm's own cache under /root.
buildah "${storage[@]}" run --isolation chroot "$container" -- sh -ec '
  ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
  ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
  node --version && npm --version' >&2
buildah "${storage[@]}" config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
  --env NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt \
  --env NPM_CONFIG_UPDATE_NOTIFIER=false \
  --cmd node "$container"
buildah "${storage[@]}" commit --quiet --rm "$container" "$image" >/dev/null
container=""
rm -f "$rootfs"
# Base images of earlier node versions, CA bundles or versions of this script are not used again.
for old in $(buildah "${storage[@]}" images --format '{{.Name}}:{{.Tag}}' | grep '^localhost/flowlens-test-node:' | grep -vxF "$image"); do
  buildah "${storage[@]}" rmi "$old" >/dev/null
done
echo "$image"

# syntax=docker/dockerfile:1
# flowlens image: the web app built with Vite, the server bundled from its TypeScript sources by esbuild.
#   docker build -t flowlens .
#   docker run --rm -p 8080:8080 flowlens                          # the embedded demo cluster
#   docker run --rm -p 8080:8080 -v /var/log/acns/hubble:/var/log/acns/hubble:ro flowlens --logs /var/log/acns/hubble
# Kubernetes manifests and a Helm chart are in deploy/ (probes there, so no HEALTHCHECK here).

ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: every dependency, then the single-page app into /src/dist.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY index.html vite.config.ts tsconfig.json ./
COPY public ./public
COPY src ./src
RUN npx vite build

# Runtime dependencies only (esbuild bundles the server and its parse threads; tsx runs the sources where no bundle can be made).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Runtime stage: no build tools, no sources of the web app, a user without a home or a shell login.
FROM ${NODE_IMAGE} AS runtime
# glibc's malloc keeps a fixed 128 KiB threshold for giving memory back (see README, Performance
# notes): otherwise it raises it as ingest frees large buffers and keeps tens of MB it no longer uses.
ENV NODE_ENV=production \
    FLOWLENS_HOST=0.0.0.0 \
    FLOWLENS_PORT=8080 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src/server ./src/server
COPY src/shared ./src/shared
COPY --from=build /src/dist ./dist
# The server's bundle, made while the files can still be written (src/server/bundle.mjs).
RUN node src/server/bundle.mjs
# Files stay owned by root and read-only to the server; it writes only to /tmp (the demo's logs),
# which Kubernetes mounts as an emptyDir under a read-only root filesystem.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "src/server/run.mjs"]

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The image built from the Dockerfile by Debian's buildah (chroot isolation, vfs storage under
 * .cache/buildah), on a local Node base image (scripts/build-image-base.sh), and its root filesystem
 * run as Kubernetes runs the pod: the image's user, entrypoint and environment, the root mounted
 * read-only, a tmpfs at /tmp.
 */
const root = path.resolve(import.meta.dirname, '../..');
const cache = path.join(root, '.cache/buildah');
const STORAGE = ['--storage-driver', 'vfs', '--root', path.join(cache, 'storage'), '--runroot', path.join(cache, 'run')];

/** Why the image cannot be built and run here, or undefined when it can. */
export function buildahMissing(): string | undefined {
  for (const tool of ['buildah', 'mmdebstrap', 'unshare', 'chroot']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (Debian: apt-get install buildah mmdebstrap)`;
  }
  if (process.getuid?.() !== 0) return 'it needs root (vfs storage, mmdebstrap, the read-only root mount); run as root or in a root CI container';
  const mounts = spawnSync('unshare', ['--mount', 'true'], { encoding: 'utf8' });
  if (mounts.status !== 0) return `mount namespaces are not allowed here (unshare --mount: ${mounts.stderr.trim()})`;
  const info = spawnSync('buildah', [...STORAGE, 'info'], { encoding: 'utf8' });
  if (info.status !== 0) return `buildah cannot run here (${info.stderr.trim().split('\n').at(-1)})`;
  return undefined;
}

/** Runs a command to its end, its output appended to .cache/buildah/test.log; throws with the output's tail when it fails. */
function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  fs.mkdirSync(cache, { recursive: true });
  const log = fs.openSync(path.join(cache, 'test.log'), 'a');
  fs.writeSync(log, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
      fs.writeSync(log, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      fs.writeSync(log, chunk);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      fs.closeSync(log);
      if (status === 0) resolve(stdout.trim());
      else reject(new Error(`${command} ${args.slice(0, 8).join(' ')}… failed (${signal ?? `exit ${status}`}):\n${output.slice(-3000)}`));
    });
  });
}

const buildah = (args: string[], timeoutMs = 120_000) => run('buildah', [...STORAGE, ...args], timeoutMs);

/** The local Node base image, built once and kept in .cache/buildah (about 3 minutes the first time). */
export function baseImage(): Promise<string> {
  return run('bash', [path.join(root, 'scripts/build-image-base.sh')], 15 * 60_000);
}

/** `buildah bud --isolation chroot` of the Dockerfile with NODE_IMAGE set to the local base. */
export async function buildImage(tag: string, nodeImage: string): Promise<void> {
  await buildah(['bud', '--isolation', 'chroot', '--pull=never', '--build-arg', `NODE_IMAGE=${nodeImage}`, '--tag', tag, '--file', path.join(root, 'Dockerfile'), root], 30 * 60_000);
}

export interface ImageConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
}

export async function imageConfig(tag: string): Promise<ImageConfig> {
  const inspected = JSON.parse(await buildah(['inspect', '--type', 'image', tag])) as { OCIv1: { config: ImageConfig } };
  return inspected.OCIv1.config;
}

/** A working container of the image with its root filesystem mounted; `remove` drops both and the image. */
export async function mountImage(tag: string): Promise<{ rootfs: string; remove: () => Promise<void> }> {
  const container = await buildah(['from', '--pull=never', '--quiet', tag]);
  const rootfs = await buildah(['mount', container]);
  return {
    rootfs,
    remove: async () => {
      await buildah(['umount', container]);
      await buildah(['rm', container]);
      await buildah(['rmi', tag]);
    },
  };
}

/** Removes an image left by an earlier run that stopped half-way. */
export async function removeImage(tag: string): Promise<void> {
  const containers = await buildah(['containers', '--quiet', '--filter', `ancestor=${tag}`]).catch(() => '');
  for (const container of containers.split('\n').filter(Boolean)) await buildah(['rm', container]);
  if (await buildah(['images', '--quiet', tag]).catch(() => '')) await buildah(['rmi', tag]);
}

/**
 * Mounts a root filesystem read-only in a mount namespace of its own, with a tmpfs at /tmp (the
 * pod's emptyDir), /proc and the four harmless device nodes, and runs the image's entrypoint in it
 * as the image's user with only the image's environment, from its working directory. The returned
 * process is the server itself (each step execs the next).
 */
export function runReadOnly(rootfs: string, config: ImageConfig, args: string[]): ChildProcess {
  const script = `
    root=$1; user=$2; dir=$3; shift 3
    mount --bind "$root" "$root"
    mount -o remount,bind,ro,nosuid,nodev "$root"
    mount -t tmpfs -o size=64m,mode=1777,nosuid,nodev tmpfs "$root/tmp"
    mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
    mount -t tmpfs -o size=64k,mode=755,nosuid tmpfs "$root/dev"
    for node in null zero random urandom; do touch "$root/dev/$node"; mount --bind "/dev/$node" "$root/dev/$node"; done
    exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$dir" "$@"`;
  const user = config.User ?? '0:0';
  const command = [...(config.Entrypoint ?? []), ...args];
  return spawn('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-ec', script, 'sh', rootfs, user.includes(':') ? user : `${user}:${user}`, config.WorkingDir ?? '/', ...(config.Env ?? []), 'HOME=/', ...command], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

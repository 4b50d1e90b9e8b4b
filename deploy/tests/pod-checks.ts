import path from 'node:path';
import { expect } from 'vitest';
import { parseDockerfile } from './dockerfile.ts';
import { volumeAt, type PodSpec } from './kubernetes.ts';

const runtime = parseDockerfile(path.resolve(import.meta.dirname, '../../Dockerfile')).stages.at(-1)!;
/** The image's user (the Dockerfile's USER): what runAsUser must say for runAsNonRoot to hold. */
export const IMAGE_UID = Number(runtime.instructions.find((each) => each.keyword === 'USER')!.args[0]!.split(':')[0]);
export const LOGS = '/var/log/acns/hubble';

/**
 * The lock-down every flowlens pod keeps: non-root as the image's user (or uid 0 without any
 * capability where it must read root-only logs), read-only root filesystem, no privilege
 * escalation, every capability dropped, seccomp RuntimeDefault, no service account token, and
 * nothing writable but an emptyDir at /tmp.
 */
export function expectLockedDown(pod: PodSpec, { asRoot = false } = {}): void {
  expect(pod.securityContext).toEqual(
    asRoot
      ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } }
      : { runAsNonRoot: true, runAsUser: IMAGE_UID, runAsGroup: IMAGE_UID, seccompProfile: { type: 'RuntimeDefault' } },
  );
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.containers).toHaveLength(1);
  const container = pod.containers[0]!;
  expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
  for (const mount of container.volumeMounts ?? []) {
    if (mount.mountPath === '/tmp') continue;
    expect(mount.readOnly, `${mount.mountPath} is mounted read-only`).toBe(true);
  }
  expect(volumeAt(pod, '/tmp')?.emptyDir?.sizeLimit).toBeDefined();
}

/** The node's log folder, mounted read-only from the host. */
export function expectReadsNodeLogs(pod: PodSpec): void {
  expect(pod.containers[0]!.volumeMounts?.find((mount) => mount.mountPath === LOGS)?.readOnly).toBe(true);
  expect(volumeAt(pod, LOGS)?.hostPath).toEqual({ path: LOGS, type: 'Directory' });
}

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseManifests, type KubeObject } from './kubernetes.ts';

/**
 * The real helm (v4) and kubectl, from .cache/tools (scripts/install-kube-tools.sh puts them there;
 * `npm run test:all` runs it). Tests that need them call `kubeTools()`: it installs them when
 * missing and says why when they truly cannot be had, so a test can skip with that reason.
 */
export type KubeTools = { helm: string; kubectl: string; missing?: undefined } | { missing: string };

const root = path.resolve(import.meta.dirname, '../..');
let found: KubeTools | null = null;

export function kubeTools(): KubeTools {
  found ??= locate();
  return found;
}

function locate(): KubeTools {
  const installed = spawnSync('bash', [path.join(root, 'scripts/install-kube-tools.sh')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (installed.status !== 0) {
    const why = (installed.stderr || installed.error?.message || `exit ${installed.status}`).trim().split('\n').at(-1);
    const missing = `helm and kubectl cannot be had (scripts/install-kube-tools.sh: ${why})`;
    console.warn(`${missing}: the Helm chart and kustomize checks are skipped`);
    return { missing };
  }
  const dir = path.resolve(root, installed.stdout.trim());
  return { helm: path.join(dir, 'helm/helm'), kubectl: path.join(dir, 'kubectl/kubectl') };
}

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** helm's own folders beside the binaries, so no user's repositories, plugins or cluster take part. */
const helmHome = path.join(root, '.cache/tools/helm-home');
const helmEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: helmHome,
  HELM_CACHE_HOME: path.join(helmHome, 'cache'),
  HELM_CONFIG_HOME: path.join(helmHome, 'config'),
  HELM_DATA_HOME: path.join(helmHome, 'data'),
  KUBECONFIG: path.join(helmHome, 'no-cluster'),
};

function run(binary: string, args: string[], input?: string): Run {
  const result = spawnSync(binary, args, { cwd: root, env: helmEnv, encoding: 'utf8', timeout: 60_000, input });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function tools(): { helm: string; kubectl: string } {
  const at = kubeTools();
  if (at.missing !== undefined) throw new Error(at.missing);
  return at;
}

export const CHART = path.join(root, 'deploy/helm/flowlens');

/**
 * `helm template flowlens deploy/helm/flowlens -n flowlens -f values.yaml`, as it comes out; the
 * values go in on stdin (`-f -`) as JSON, which is YAML.
 */
export function helmTemplateRun(values: object = {}, release = 'flowlens'): Run {
  return run(tools().helm, ['template', release, CHART, '--namespace', 'flowlens', '-f', '-'], JSON.stringify(values));
}

const rendered = new Map<string, KubeObject[]>();

/**
 * The objects `helm template` renders for these values (rendered once per values and release, a
 * fresh copy each call); throws with helm's message when it refuses them.
 */
export function helmTemplate(values: object = {}, release = 'flowlens'): KubeObject[] {
  const key = `${release} ${JSON.stringify(values)}`;
  let objects = rendered.get(key);
  if (!objects) {
    const run = helmTemplateRun(values, release);
    if (run.status !== 0) throw new Error(`helm template refused ${JSON.stringify(values)}: ${run.stderr.trim()}`);
    objects = parseManifests(run.stdout, `helm template ${JSON.stringify(values)}`);
    rendered.set(key, objects);
  }
  return structuredClone(objects);
}

/** `helm lint --strict` with these values. */
export function helmLint(values: object = {}): Run {
  return run(tools().helm, ['lint', '--strict', CHART, '-f', '-'], JSON.stringify(values));
}

export function helmVersion(): string {
  return run(tools().helm, ['version', '--template', '{{ .Version }}']).stdout.trim();
}

/** `kubectl kustomize DIR`: what `kubectl apply -k DIR` would send, built offline. */
export function kustomize(dir: string): KubeObject[] {
  const built = run(tools().kubectl, ['kustomize', dir]);
  if (built.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${built.stderr.trim()}`);
  return parseManifests(built.stdout, `kubectl kustomize ${dir}`);
}

import { ENDPOINT_KEYS } from './endpoint-keys.ts';
import { FLOW_KEYS } from './flow-keys.ts';
import type { KeySpec, TimeKey } from './key-types.ts';

/**
 * The filter vocabulary: `hubble observe` flag names (plus a few for things Hubble has no flag
 * for), what each looks at, and how a value is understood. The one place filter semantics live:
 * endpoint-keys.ts and flow-keys.ts hold the specs, this file the lookup by name.
 */
export type { EndpointField, EndpointKey, FlowField, FlowKey, KeySpec,  ValueTest } from './key-types.ts';

const timeKeys: TimeKey[] = [
  { name: 'since', sided: false, field: 'time', suggest: false, help: 'RFC 3339 time or a duration back from now (15m, 2h, 7d)', example: 'since=15m' },
  { name: 'until', sided: false, field: 'time', suggest: false, help: 'RFC 3339 time or a duration back from now', example: 'until=2026-11-20T10:30:00Z' },
];

export const KEY_SPECS: readonly KeySpec[] = [...ENDPOINT_KEYS, ...FLOW_KEYS, ...timeKeys];

export type Side = 'either' | 'from' | 'to';

export interface ResolvedKey {
  spec: KeySpec;
  side: Side;
}

const byName = new Map<string, ResolvedKey>();
for (const spec of KEY_SPECS) {
  byName.set(spec.name, { spec, side: 'either' });
  if (spec.sided) {
    byName.set(`from-${spec.name}`, { spec, side: 'from' });
    byName.set(`to-${spec.name}`, { spec, side: 'to' });
  }
}

/** `from-namespace` → namespace on the source side; undefined for unknown keys. */
export function resolveKey(name: string): ResolvedKey | undefined {
  return byName.get(name);
}

/** Every key a user may type, with its side forms, in a stable order. */
export const ALL_KEY_NAMES: readonly string[] = [...byName.keys()];

/**
 * Cilium's reserved security identities, by the names `identity=` and the `reserved:` labels use.
 * In a dual-stack cluster the world outside is world-ipv4 (9) and world-ipv6 (10) instead of
 * world (2): all three are "the world" everywhere — graph nodes, the External view, the world
 * filter, counts of external destinations. The one list both sides use.
 */
export const RESERVED_IDENTITIES: Readonly<Record<string, number>> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
  'world-ipv4': 9,
  'world-ipv6': 10,
};

export const WORLD = 'world';
/** The names of the world's identities: world, world-ipv4, world-ipv6. */
const WORLD_NAMES: readonly string[] = [WORLD, 'world-ipv4', 'world-ipv6'];
const WORLD_IDENTITIES: readonly number[] = WORLD_NAMES.map((name) => RESERVED_IDENTITIES[name]!);

const NAME_OF = new Map(Object.entries(RESERVED_IDENTITIES).map(([name, id]) => [id, WORLD_NAMES.includes(name) ? WORLD : name]));

export function isWorldIdentity(identity: number): boolean {
  return WORLD_IDENTITIES.includes(identity);
}

/** The name a reserved identity is shown and grouped by (9 and 10 are `world`); undefined for others. */
export function reservedIdentityName(identity: number): string | undefined {
  return NAME_OF.get(identity);
}

/** The identities an `identity=` name selects: `world` is 2, 9 and 10; `world-ipv4` only 9. */
export function identitiesNamed(name: string): readonly number[] | undefined {
  const bare = name.startsWith('reserved:') ? name.slice('reserved:'.length) : name;
  if (bare === WORLD) return WORLD_IDENTITIES;
  const id = RESERVED_IDENTITIES[bare];
  return id === undefined ? undefined : [id];
}

/** The reserved identity a Cilium label names, as reservedIdentityName gives it (`reserved:world-ipv6` → `world`). */
export function reservedLabelName(label: string): string | undefined {
  if (!label.startsWith('reserved:')) return undefined;
  const name = label.slice('reserved:'.length);
  return WORLD_NAMES.includes(name) ? WORLD : name;
}

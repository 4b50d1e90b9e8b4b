import type { ValueTest } from './key-types.ts';

/** Small builders the key specs compile values with. */

export const str = (test: (value: string) => boolean): ValueTest => ({ kind: 'string', test });
export const num = (test: (value: number) => boolean): ValueTest => ({ kind: 'number', test });
export const set = (test: (values: readonly string[]) => boolean): ValueTest => ({ kind: 'set', test });

export function oneOf(label: string, names: readonly string[], make: (upper: string) => ValueTest) {
  return (value: string): ValueTest | string => {
    const upper = value.toUpperCase();
    const known = names.find((name) => name.toUpperCase() === upper);
    return known ? make(known) : `unknown ${label} "${value}"; use one of ${names.join(', ')}`;
  };
}

export function nonEmpty(test: (value: string) => ValueTest | string) {
  return (value: string): ValueTest | string => (value === '' ? 'needs a value' : test(value));
}

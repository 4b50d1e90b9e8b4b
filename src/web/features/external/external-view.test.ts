import { describe, expect, it } from 'vitest';
import type { Top } from '../../../shared/api-dashboards.ts';
import { externalLookups, newDestinations, EXTERNAL_VIEW, worldFilter } from './external-view.ts';

const top = (values: string[]): Top => ({ by: 'destination-fqdn', total: 10, counted: values.length, distinct: values.length, items: values.map((value) => ({ value, count: 1, dropped: 0, errors: 0, terms: [{ key: 'to-fqdn', value }] })) });

describe('external traffic view', () => {
  it('picks requests to or from the world by direction, replacing world terms from the filter bar', () => {
    const typed = [{ key: 'label', negate: false, value: 'reserved:world' }, { key: 'namespace', negate: false, value: 'shop' }, { key: 'traffic-direction', negate: false, value: 'INGRESS' }];
    expect(worldFilter(typed, 'egress')).toEqual([
      { key: 'namespace', negate: false, value: 'shop' },
      { key: 'to-label', negate: false, value: 'reserved:world' },
      { key: 'traffic-direction', negate: false, value: 'EGRESS' },
    ]);
    expect(worldFilter(typed, 'ingress')).toContainEqual({ key: 'from-label', negate: false, value: 'reserved:world' });
    expect(worldFilter(typed, 'all')).toContainEqual({ key: 'traffic-direction', negate: false, value: 'INGRESS' });
    expect(worldFilter([], 'all')).toEqual([{ key: 'label', negate: false, value: 'reserved:world' }]);
    expect(EXTERNAL_VIEW.read(new URLSearchParams('dir=sideways')).direction).toBe('all');
  });

  it('looks up DNS requests for names outside the cluster, without the world filter', () => {
    const lookups = externalLookups([{ key: 'label', negate: false, value: 'reserved:world' }]);
    expect(lookups.some((term) => term.value === 'reserved:world')).toBe(false);
    expect(lookups).toContainEqual({ key: 'dns-query', negate: true, value: '*.cluster.local.' });
  });

  it('lists destinations not seen in the previous period', () => {
    expect(newDestinations(top(['a.example.', 'b.example.', 'c.example.']), top(['b.example.'])).map((item) => item.value)).toEqual(['a.example.', 'c.example.']);
    expect(newDestinations(top(['a.example.']), undefined)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { topSubtitle } from './TopPanel.tsx';

describe('a top panel’s subtitle', () => {
  it('counts the panel’s flows only where every flow has a value', () => {
    expect(topSubtitle({ distinct: 7546, total: 200_000 }, true, 'flows')).toBe('7,546 distinct · 200,000 flows');
    expect(topSubtitle({ distinct: 15, total: 123_461 }, true, 'requests')).toBe('15 distinct · 123,461 requests');
    // External names: the 200,000 are every flow matching, most of them without one.
    expect(topSubtitle({ distinct: 2989, total: 200_000 }, false, 'flows')).toBe('2,989 distinct among 200,000 flows');
  });
});

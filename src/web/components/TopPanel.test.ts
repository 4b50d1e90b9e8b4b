import { describe, expect, it } from 'vitest';
import { topSubtitle } from './TopPanel.tsx';

describe('a top panel’s subtitle', () => {
  it('counts the flows with a value of the panel’s dimension, not every flow matching', () => {
    expect(topSubtitle({ distinct: 7546, counted: 200_000 }, 'flows')).toBe('7,546 distinct · 200,000 flows');
    expect(topSubtitle({ distinct: 15, counted: 123_461 }, 'requests')).toBe('15 distinct · 123,461 requests');
    // External names: 17,169 of the 200,000 flows matching have one.
    expect(topSubtitle({ distinct: 2989, counted: 17_169 }, 'flows')).toBe('2,989 distinct · 17,169 flows');
  });
});

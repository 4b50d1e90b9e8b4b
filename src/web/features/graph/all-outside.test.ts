import { describe, expect, it } from 'vitest';
import { flowApi } from '../../api/requests.ts';
import { patchGraphView, readGraphView, outsideToFetch } from './view-state.ts';

describe('drawing every outside address', () => {
  it('is kept in the URL as outside=all, and only that', () => {
    expect(readGraphView(new URLSearchParams('')).allOutside).toBe(false);
    expect(readGraphView(new URLSearchParams('outside=all')).allOutside).toBe(true);
    expect(readGraphView(new URLSearchParams('outside=5')).allOutside).toBe(false);
    expect(patchGraphView(new URLSearchParams('group=pod'), { allOutside: true }).toString()).toBe('group=pod&outside=all');
    expect(patchGraphView(new URLSearchParams('outside=all'), { allOutside: false }).toString()).toBe('');
  });

  it('asks the API for every address when chosen or for a search, else for its default merge', () => {
    const asked = (query: string) => flowApi.graph([], 'workload', outsideToFetch(readGraphView(new URLSearchParams(query)))).params.get('outside');
    expect(asked('')).toBeNull();
    expect(asked('outside=all')).toBe('all');
    expect(asked('search=203.0.113.9')).toBe('all');
  });
});

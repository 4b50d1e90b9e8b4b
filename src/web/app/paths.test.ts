import { describe, expect, it } from 'vitest';
import { flowsPath, rootTarget } from './paths.ts';

describe('view paths', () => {
  it('links to Flows at /flows, with or without a query', () => {
    expect(flowsPath()).toBe('/flows');
    expect(flowsPath(new URLSearchParams('verdict=DROPPED&namespace!=kube-system'))).toBe('/flows?verdict=DROPPED&namespace%21=kube-system');
    expect(flowsPath('?since=1h')).toBe('/flows?since=1h');
  });

  it('opens the Dashboard at a bare /, and Flows for an older /?filter link, query and hash kept', () => {
    expect(rootTarget('')).toBe('/dashboard');
    expect(rootTarget('?')).toBe('/dashboard');
    expect(rootTarget('?verdict=DROPPED&flow=abc', '#x')).toBe('/flows?verdict=DROPPED&flow=abc#x');
    expect(rootTarget('?kiosk&theme=dark')).toBe('/flows?kiosk&theme=dark');
  });
});

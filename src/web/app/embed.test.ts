import { describe, expect, it } from 'vitest';
import { isKiosk, readEmbedMessage, themeFromUrl } from './embed.ts';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('embedding', () => {
  it('kiosk mode is switched on by ?kiosk and stays on for the session', () => {
    const storage = memoryStorage();
    expect(isKiosk('', storage)).toBe(false);
    expect(isKiosk('?kiosk', storage)).toBe(true);
    expect(isKiosk('?verdict=DROPPED', storage)).toBe(true);
    expect(isKiosk('?kiosk=0', storage)).toBe(false);
    expect(isKiosk('', storage)).toBe(false);
  });

  it('reads ?theme', () => {
    expect(themeFromUrl('?theme=dark')).toBe('dark');
    expect(themeFromUrl('?theme=purple')).toBeNull();
  });

  it('takes only the two message kinds, with checked values', () => {
    expect(readEmbedMessage({ type: 'flowlens:set-theme', theme: 'light' })).toEqual({ type: 'flowlens:set-theme', theme: 'light' });
    expect(readEmbedMessage({ type: 'flowlens:set-theme', theme: '"><img>' })).toBeNull();
    expect(readEmbedMessage({ type: 'flowlens:set-time-range', since: '1h' })).toEqual({ type: 'flowlens:set-time-range', since: '1h', until: null });
    expect(readEmbedMessage({ type: 'flowlens:set-time-range', since: '2026-11-20T10:00:00Z', until: '2026-11-20T11:00:00Z' })).toEqual({
      type: 'flowlens:set-time-range',
      since: '2026-11-20T10:00:00Z',
      until: '2026-11-20T11:00:00Z',
    });
    expect(readEmbedMessage({ type: 'flowlens:set-time-range', since: 'javascript:alert(1)//&x=' })).toBeNull();
    expect(readEmbedMessage({ type: 'flowlens:navigate', to: 'https://evil.example' })).toBeNull();
    expect(readEmbedMessage('flowlens:set-theme')).toBeNull();
  });
});

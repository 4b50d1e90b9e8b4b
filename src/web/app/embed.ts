import type { Theme } from './theme.ts';

/**
 * flowlens inside a portal: `?kiosk` hides the navigation chrome (remembered for the frame's
 * session, so in-app links keep it), `?theme=dark|light` sets the theme, and the portal can talk
 * to the frame with postMessage:
 *
 *   frame.contentWindow.postMessage({ type: 'flowlens:set-theme', theme: 'dark' }, origin)
 *   frame.contentWindow.postMessage({ type: 'flowlens:set-time-range', since: '1h', until: null }, origin)
 *
 * flowlens answers `{ type: 'flowlens:ready' }` once it listens. Only messages from the parent
 * window are taken, and only these two kinds.
 */
export type EmbedMessage =
  | { type: 'flowlens:set-theme'; theme: Theme }
  | { type: 'flowlens:set-time-range'; since: string | null; until: string | null };

const KIOSK_KEY = 'flowlens.kiosk';

export function isKiosk(search: string = globalThis.location?.search ?? '', storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage): boolean {
  const params = new URLSearchParams(search);
  try {
    if (params.has('kiosk')) {
      const on = params.get('kiosk') !== '0' && params.get('kiosk') !== 'false';
      storage?.setItem(KIOSK_KEY, on ? '1' : '0');
      return on;
    }
    return storage?.getItem(KIOSK_KEY) === '1';
  } catch {
    return params.has('kiosk'); // storage may be blocked in a third-party frame
  }
}

export function themeFromUrl(search: string = globalThis.location?.search ?? ''): Theme | null {
  const theme = new URLSearchParams(search).get('theme');
  return theme === 'dark' || theme === 'light' ? theme : null;
}

const TIME_VALUE = /^[0-9A-Za-z:.+-]{1,40}$/;

/** A message from the portal, checked field by field; anything else is ignored. */
export function readEmbedMessage(data: unknown): EmbedMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.type === 'flowlens:set-theme' && (message.theme === 'dark' || message.theme === 'light')) {
    return { type: 'flowlens:set-theme', theme: message.theme };
  }
  if (message.type === 'flowlens:set-time-range') {
    const bound = (value: unknown) => (value === null || value === undefined ? null : typeof value === 'string' && TIME_VALUE.test(value) ? value : undefined);
    const since = bound(message.since);
    const until = bound(message.until);
    if (since === undefined || until === undefined) return null;
    return { type: 'flowlens:set-time-range', since, until };
  }
  return null;
}

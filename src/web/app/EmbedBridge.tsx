import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { withTimeRange } from '../components/view-toolbar/filter-view.ts';
import { readEmbedMessage } from './embed.ts';
import { applyTheme } from './theme.ts';

/** Listens for the portal's postMessages (theme, time range) when flowlens runs in a frame. */
export function EmbedBridge() {
  const [, setParams] = useSearchParams();
  useEffect(() => {
    if (window.parent === window) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      const message = readEmbedMessage(event.data);
      if (!message) return;
      if (message.type === 'flowlens:set-theme') {
        applyTheme(message.theme);
        window.dispatchEvent(new Event('flowlens:theme-changed'));
        return;
      }
      setParams((params) => withTimeRange(params, message));
    };
    window.addEventListener('message', onMessage);
    // The portal learns the frame listens; no data is sent with it.
    window.parent.postMessage({ type: 'flowlens:ready' }, '*');
    return () => window.removeEventListener('message', onMessage);
  }, [setParams]);
  return null;
}

import { useEffect, useState } from 'react';

const isDark = () => document.documentElement.classList.contains('dark');

/** The app's theme (class `dark` on <html>), followed as it changes: the canvas cannot use CSS variants. */
export function useDocumentTheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(isDark()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark ? 'dark' : 'light';
}

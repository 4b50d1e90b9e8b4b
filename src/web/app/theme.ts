/** Dark/light theme: class `dark` on <html>, remembered in localStorage, first from the OS. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'flowlens.theme';

function storedTheme(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Theme | null {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage may be blocked in an embedding iframe
  }
}

export function initialTheme(): Theme {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('theme');
  if (fromUrl === 'dark' || fromUrl === 'light') return fromUrl;
  const stored = storedTheme();
  if (stored) return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
}

export function saveTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  } catch {
    // not remembered; the toggle still works for this page
  }
}

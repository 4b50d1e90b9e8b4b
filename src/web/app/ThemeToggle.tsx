import { useEffect, useState } from 'react';
import { applyTheme, initialTheme, saveTheme, type Theme } from './theme.ts';

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.classList.contains('dark') ? 'dark' : initialTheme()));
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  // A portal may set the theme from outside (postMessage): follow it.
  useEffect(() => {
    const follow = () => setTheme(document.documentElement.classList.contains('dark') ? 'dark' : 'light');
    window.addEventListener('flowlens:theme-changed', follow);
    return () => window.removeEventListener('flowlens:theme-changed', follow);
  }, []);
  return (
    <button
      type="button"
      className="btn-ghost"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        saveTheme(next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
      <span className="hidden sm:inline">{theme === 'dark' ? 'Dark' : 'Light'}</span>
    </button>
  );
}

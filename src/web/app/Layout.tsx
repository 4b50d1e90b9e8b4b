import { Link, NavLink, Outlet } from 'react-router';
import { appBasePath } from '../api/base-url.ts';
import { EmbedBridge } from './EmbedBridge.tsx';
import { isKiosk } from './embed.ts';
import { IngestBanner } from './IngestBanner.tsx';
import { VIEW_PATHS } from '../../shared/view-paths.ts';
import { ThemeToggle } from './ThemeToggle.tsx';

const NAV = [
  { to: VIEW_PATHS.dashboard, label: 'Dashboard' },
  { to: VIEW_PATHS.flows, label: 'Flows' },
  { to: VIEW_PATHS.errors, label: 'Errors' },
  { to: VIEW_PATHS.graph, label: 'Graph' },
  { to: VIEW_PATHS.compare, label: 'Compare' },
  { to: VIEW_PATHS.external, label: 'External' },
  { to: VIEW_PATHS.metrics, label: 'Metrics' },
  { to: VIEW_PATHS.explore, label: 'Explore' },
  { to: VIEW_PATHS.status, label: 'Status' },
];

export function Layout() {
  const kiosk = isKiosk();
  return (
    <div className="flex h-full flex-col">
      <EmbedBridge />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-1 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <header hidden={kiosk} className="flex h-11 shrink-0 items-center gap-4 border-b border-slate-200 bg-slate-50 px-3 dark:border-slate-800 dark:bg-slate-900">
        <Link to="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <img src={`${appBasePath()}favicon.svg`} alt="" className="size-5" />
          flowlens
        </Link>
        <nav aria-label="Views" className="flex items-center gap-1">
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              className={({ isActive }) =>
                `rounded px-2 py-1 text-sm ${
                  isActive
                    ? 'bg-white font-medium text-slate-900 shadow-sm ring-1 ring-slate-200 dark:bg-slate-800 dark:text-white dark:ring-slate-700'
                    : 'text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'
                }`
              }
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="flex-1" />
        <ThemeToggle />
      </header>
      <IngestBanner />
      <main id="main" className="flex min-h-0 flex-1 flex-col">
        <Outlet />
      </main>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="p-8 text-sm">
      <p className="font-medium">This page does not exist.</p>
      <Link className="text-sky-700 underline dark:text-sky-400" to={VIEW_PATHS.dashboard}>
        Go to the dashboard
      </Link>
    </div>
  );
}

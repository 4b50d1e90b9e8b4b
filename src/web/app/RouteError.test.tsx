/** @vitest-environment happy-dom */
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import { afterEach, expect, it } from 'vitest';
import { routes } from './App.tsx';
import { RouteError } from './RouteError.tsx';

afterEach(cleanup);

function FailingView(): never {
  throw new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/SeriesChart-abc.js');
}

it('every view of the app has it, so a failing view keeps the navigation', () => {
  const views = routes[0]!.children!;
  expect(views.length).toBeGreaterThan(5);
  for (const view of views) expect(view.ErrorBoundary, view.path ?? 'index').toBe(RouteError);
});

it('says a view whose code could not be fetched needs a reload, inside the layout', async () => {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <div>
            <nav aria-label="Views">views</nav>
            <Outlet />
          </div>
        ),
        // As a lazy chart inside a page fails to load: the error reaches the route while rendering.
        children: [{ path: 'dashboard', Component: FailingView, ErrorBoundary: RouteError }],
      },
    ],
    { initialEntries: ['/dashboard'] },
  );
  render(<RouterProvider router={router} />);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('This view’s code could not be loaded.');
  expect(alert.textContent).toContain('SeriesChart-abc.js');
  expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy();
});

/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Histogram } from '../../../shared/api.ts';
import { FlowHistogram } from './FlowHistogram.tsx';

beforeAll(() => {
  // happy-dom has no layout: give every box a fixed 600×160 size so Recharts draws and maps the pointer.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 0, width: 600, height: 160 }));
});
afterAll(() => vi.restoreAllMocks());
afterEach(cleanup);
/** The bars come with their own module (Recharts): its first import takes a while on a busy machine. */
const CHART_LOADS = { timeout: 20_000 };

const data: Histogram = {
  stepSeconds: 60,
  start: '2026-11-20T10:00:00Z',
  end: '2026-11-20T10:02:59.999Z',
  buckets: [
    { time: '2026-11-20T10:00:00Z', total: 40, byVerdict: { FORWARDED: 38, DROPPED: 2 } },
    { time: '2026-11-20T10:01:00Z', total: 55, byVerdict: { FORWARDED: 50, DROPPED: 4, ERROR: 1 } },
    { time: '2026-11-20T10:02:00Z', total: 30, byVerdict: { FORWARDED: 30 } },
  ],
};

describe('FlowHistogram', () => {
  it('says it is loading before the first answer', () => {
    render(<FlowHistogram data={undefined} loading onZoom={vi.fn()} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading flow counts…');
  });

  it('says so when the range holds no flows', () => {
    render(<FlowHistogram data={{ stepSeconds: 60, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:00:00Z', buckets: [{ time: '2026-11-20T10:00:00Z', total: 0, byVerdict: {} }] }} onZoom={vi.fn()} />);
    expect(screen.getByRole('status')).toHaveTextContent('No flows in this range');
  });

  it('draws a stacked bar per verdict with a legend of totals and a spoken summary', async () => {
    const { container } = render(<FlowHistogram data={data} onZoom={vi.fn()} timeZone="utc" />);
    await vi.waitFor(() => expect(container.querySelectorAll('.recharts-bar')).toHaveLength(3), CHART_LOADS);
    expect(screen.getByText('Flows over time. 125 flows from 2026-11-20 10:00:00 to 2026-11-20 10:03:00: 6 DROPPED, 1 ERROR, 118 FORWARDED')).toBeInTheDocument();
    const legend = screen.getByRole('list', { name: 'Verdicts' });
    expect(legend).toHaveTextContent('FORWARDED118ERROR1DROPPED6');
  });

  it('shows the legend and totals while the chart is held back, the bars once it is not', async () => {
    const { container, rerender } = render(<FlowHistogram data={data} onZoom={vi.fn()} timeZone="utc" deferChart />);
    expect(screen.getByRole('list', { name: 'Verdicts' })).toHaveTextContent('FORWARDED118ERROR1DROPPED6');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(container.querySelector('.recharts-wrapper')).toBeNull();
    rerender(<FlowHistogram data={data} onZoom={vi.fn()} timeZone="utc" />);
    await vi.waitFor(() => expect(container.querySelectorAll('.recharts-bar')).toHaveLength(3), CHART_LOADS);
  });

  it('zooms to the buckets dragged across', async () => {
    const onZoom = vi.fn();
    const { container } = render(<FlowHistogram data={data} onZoom={onZoom} timeZone="utc" />);
    const surface = await vi.waitFor(() => container.querySelector('.recharts-wrapper') ?? Promise.reject(new Error('chart not drawn yet')), CHART_LOADS);
    if (!surface) throw new Error('chart not drawn');
    const at = async (clientX: number, event: 'mouseMove' | 'mouseDown' | 'mouseUp') => {
      fireEvent[event](surface, { clientX, clientY: 50 });
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    // Recharts draws on its own schedule (on a busy machine 50 ms is not always enough), and the
    // selection shows from the press on, one bucket wide: wait until it spans those moved across.
    const selectionWidth = () => Number(container.querySelector('.recharts-reference-area .recharts-rectangle')?.getAttribute('width') ?? 0);
    await at(100, 'mouseMove');
    await at(100, 'mouseDown');
    await vi.waitFor(() => expect(selectionWidth()).toBeGreaterThan(0), CHART_LOADS);
    const oneBucket = selectionWidth();
    await at(500, 'mouseMove');
    await vi.waitFor(() => expect(selectionWidth()).toBeGreaterThan(oneBucket), CHART_LOADS);
    await at(500, 'mouseUp');
    await vi.waitFor(() => expect(container.querySelector('.recharts-reference-area')).toBeNull(), CHART_LOADS);
    expect(onZoom).toHaveBeenCalledWith({ since: '2026-11-20T10:00:00Z', until: '2026-11-20T10:03:00Z' });
  });
});

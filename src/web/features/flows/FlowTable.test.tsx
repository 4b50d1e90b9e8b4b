/** @vitest-environment happy-dom */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FlowTable } from './FlowTable.tsx';
import { toFlowRows } from './row-model.ts';
import { sampleRecords } from './test-fixtures.ts';
import { COLUMN_IDS, DEFAULT_SORT, type SortState } from './view-state.ts';

// happy-dom has no layout; TanStack Virtual renders rows only for a viewport with a size.
const sizes = { clientHeight: 600, clientWidth: 1200, offsetHeight: 28 };
const originals = new Map<string, PropertyDescriptor | undefined>();
beforeAll(() => {
  for (const [name, value] of Object.entries(sizes)) {
    originals.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name));
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const [name, descriptor] of originals) if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
});
afterEach(cleanup);

function renderTable(overrides: { onSelect?: (key: string) => void; onSortChange?: (sort: SortState) => void; loadMore?: () => void; canLoadMore?: boolean } = {}) {
  const rows = toFlowRows(sampleRecords);
  render(
    <FlowTable
      rows={rows}
      columns={[...COLUMN_IDS]}
      sort={DEFAULT_SORT}
      onSortChange={overrides.onSortChange ?? (() => {})}
      selectedKey={null}
      onSelect={overrides.onSelect ?? (() => {})}
      keepPlaceOnPrepend
      loadMore={overrides.loadMore ?? (() => {})}
      canLoadMore={overrides.canLoadMore ?? false}
    />,
  );
  return rows;
}

describe('FlowTable', () => {
  it('renders one row per flow with the derived cells', () => {
    renderTable();
    const bodyRows = screen.getAllByRole('row').filter((row) => row.hasAttribute('data-index'));
    expect(bodyRows).toHaveLength(sampleRecords.length);
    const drop = bodyRows.find((row) => within(row).queryByText('POLICY_DENIED'));
    expect(drop).toBeDefined();
    expect(within(drop as HTMLElement).getByText('DROPPED')).toBeInTheDocument();
    expect(within(drop as HTMLElement).getByText('8443/TCP')).toBeInTheDocument();
    expect(screen.getByText('HTTP POST /api/checkout 503 28ms')).toBeInTheDocument();
  });

  it('opens a flow with Enter on a focused row and moves with the arrow keys', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn<(key: string) => void>();
    const rows = renderTable({ onSelect });
    await user.tab(); // header sort buttons come first
    while (!(document.activeElement instanceof HTMLTableRowElement)) await user.tab();
    await user.keyboard('{ArrowDown}');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-index')).toBe('1'));
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(rows[1]?.key);
  });

  it('sorts by a column from its header and asks for more rows near the end', async () => {
    const user = userEvent.setup();
    const onSortChange = vi.fn<(sort: SortState) => void>();
    const loadMore = vi.fn();
    renderTable({ onSortChange, loadMore, canLoadMore: true });
    await user.click(screen.getByRole('button', { name: /Verdict/ }));
    expect(onSortChange).toHaveBeenCalledWith({ column: 'verdict', desc: false });
    expect(loadMore).toHaveBeenCalled();
  });
});

/** @vitest-environment happy-dom */
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Filter } from '../../../shared/filter/index.ts';
import { FilterBar } from './FilterBar.tsx';
import { createQueryClient } from '../../app/query-client.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The server's /api/values, answering `values(key, prefix)`, and what the bar asked it. */
function valuesServer(values: (key: string, prefix: string) => Promise<string[]> = async () => []) {
  const asked: Array<{ key: string; prefix: string }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://flowlens.test');
    const key = url.searchParams.get('key') ?? '';
    const prefix = url.searchParams.get('prefix') ?? '';
    asked.push({ key, prefix });
    const found = await values(key, prefix);
    return new Response(JSON.stringify({ key, values: found.map((value) => ({ value, count: 1 })) }));
  });
  vi.stubGlobal('fetch', fetch);
  return asked;
}

function setup(filter: Filter = [], values?: (key: string, prefix: string) => Promise<string[]>) {
  const asked = valuesServer(values);
  const onChange = vi.fn();
  const client = createQueryClient();
  const bar = (shown: Filter) => (
    <QueryClientProvider client={client}>
      <FilterBar filter={shown} onChange={onChange} />
    </QueryClientProvider>
  );
  const view = render(bar(filter));
  return { onChange, asked, view, rerender: (shown: Filter) => view.rerender(bar(shown)), user: userEvent.setup(), input: screen.getByRole('combobox', { name: 'Filter' }) };
}

describe('FilterBar', () => {
  it('applies typed terms on Enter', async () => {
    const { onChange, user, input } = setup();
    await user.type(input, 'verdict=DROPPED from-namespace=shop pod!=kube-system/coredns{Enter}');
    expect(onChange).toHaveBeenCalledWith([
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'from-namespace', negate: false, value: 'shop' },
      { key: 'pod', negate: true, value: 'kube-system/coredns' },
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains bad terms under the input and does not apply them', async () => {
    const { onChange, user, input } = setup();
    await user.type(input, 'verdict=DROPED shop{Enter}');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('unknown verdict "DROPED"');
    expect(alert).toHaveTextContent('"shop" is not a filter term; write key=value');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('refuses a time that is not a time, which only compiling notices', async () => {
    const { onChange, user, input } = setup();
    await user.type(input, 'since=yesterday{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('since: "yesterday" is not a time');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows applied terms as chips, negated ones marked, and removes one from the keyboard', async () => {
    const filter: Filter = [
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'namespace', negate: true, value: 'kube-system' },
    ];
    const { onChange, user } = setup(filter);
    const chips = screen.getByRole('list', { name: 'Applied filters' });
    expect(chips).toHaveTextContent('NOTnamespace ≠ is not kube-system');
    const remove = screen.getByRole('button', { name: 'Remove filter namespace!=kube-system' });
    remove.focus();
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith([filter[0]]);
  });

  it('completes a key and a value with the arrow keys and Enter', async () => {
    const { onChange, user, input } = setup();
    await user.type(input, 'verd');
    expect(screen.getByRole('listbox', { name: 'Filter keys' })).toBeInTheDocument();
    await user.keyboard('{ArrowDown}');
    const active = screen.getByRole('option', { name: /^verdict/ });
    expect(active).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', active.id);
    await user.keyboard('{Enter}');
    expect(input).toHaveValue('verdict=');
    expect(screen.getByRole('option', { name: 'DROPPED' })).toBeInTheDocument();
    await user.keyboard('{ArrowDown}{ArrowDown}{Tab}');
    expect(input).toHaveValue('verdict=DROPPED ');
    expect(input).toHaveFocus();
    expect(onChange).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith([{ key: 'verdict', negate: false, value: 'DROPPED' }]);
  });

  it('closes suggestions on Escape, keeping the text', async () => {
    const { user, input } = setup();
    await user.type(input, 'nam');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(input).toHaveValue('nam');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('suggests values the index has seen, for the key as typed, once typing pauses', async () => {
    const { user, input, asked } = setup([], async (_key, prefix) => ['shop', 'shipping'].filter((v) => v.startsWith(prefix)));
    await user.type(input, 'from-namespace=sh');
    expect(await screen.findByRole('option', { name: 'shop' })).toBeInTheDocument();
    expect(asked).toEqual([{ key: 'from-namespace', prefix: 'sh' }]);
  });

  it('ignores an answer that arrives after the prefix moved on', async () => {
    const answers: Array<(values: string[]) => void> = [];
    const { user, input, asked } = setup([], () => new Promise<string[]>((resolve) => answers.push(resolve)));
    await user.type(input, 'namespace=s');
    await waitFor(() => expect(asked).toHaveLength(1));
    await user.type(input, 'h');
    await waitFor(() => expect(asked).toHaveLength(2));
    await act(async () => answers[0]?.(['stale-shop']));
    expect(screen.queryByRole('option', { name: 'stale-shop' })).not.toBeInTheDocument();
    await act(async () => answers[1]?.(['shop']));
    expect(await screen.findByRole('option', { name: 'shop' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'stale-shop' })).not.toBeInTheDocument();
  });

  it('shows a filter that changes from outside', () => {
    const { input, rerender } = setup([{ key: 'verdict', negate: false, value: 'DROPPED' }]);
    expect(input).toHaveValue('verdict=DROPPED');
    rerender([{ key: 'to-port', negate: false, value: '443' }]);
    expect(input).toHaveValue('to-port=443');
  });

  it('opens help that explains how terms combine', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Filter syntax help' }));
    const help = screen.getByRole('dialog', { name: 'Filter syntax' });
    expect(help).toHaveTextContent('Values of one key are ORed; different keys are ANDed.');
    expect(help).toHaveTextContent('without a namespace match in every namespace');
    expect(help).toHaveTextContent('namespace=shop');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

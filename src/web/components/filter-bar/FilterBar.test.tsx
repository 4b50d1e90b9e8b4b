/** @vitest-environment jsdom */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Filter } from '../../../shared/filter/index.ts';
import { FilterBar } from './FilterBar.tsx';
import type { SuggestValues } from './use-seen-values.ts';

afterEach(cleanup);

function setup(filter: Filter = [], suggestValues: SuggestValues = vi.fn(async (): Promise<string[]> => [])) {
  const onChange = vi.fn();
  const view = render(<FilterBar filter={filter} onChange={onChange} suggestValues={suggestValues} />);
  return { onChange, suggestValues, view, user: userEvent.setup(), input: screen.getByRole('combobox', { name: 'Filter' }) };
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
    const suggestValues = vi.fn(async (_key: string, prefix: string) => ['shop', 'shipping'].filter((v) => v.startsWith(prefix)));
    const { user, input } = setup([], suggestValues);
    await user.type(input, 'from-namespace=sh');
    expect(await screen.findByRole('option', { name: 'shop' })).toBeInTheDocument();
    expect(suggestValues).toHaveBeenCalledTimes(1);
    expect(suggestValues).toHaveBeenCalledWith('from-namespace', 'sh');
  });

  it('ignores an answer that arrives after the prefix moved on', async () => {
    const answers: Array<(values: string[]) => void> = [];
    const suggestValues = vi.fn(() => new Promise<string[]>((resolve) => answers.push(resolve)));
    const { user, input } = setup([], suggestValues);
    await user.type(input, 'namespace=s');
    await waitFor(() => expect(suggestValues).toHaveBeenCalledTimes(1));
    await user.type(input, 'h');
    await waitFor(() => expect(suggestValues).toHaveBeenCalledTimes(2));
    await act(async () => answers[0]?.(['stale-shop']));
    expect(screen.queryByRole('option', { name: 'stale-shop' })).not.toBeInTheDocument();
    await act(async () => answers[1]?.(['shop']));
    expect(screen.getByRole('option', { name: 'shop' })).toBeInTheDocument();
  });

  it('shows a filter that changes from outside', () => {
    const { view, input, onChange, suggestValues } = setup([{ key: 'verdict', negate: false, value: 'DROPPED' }]);
    expect(input).toHaveValue('verdict=DROPPED');
    view.rerender(<FilterBar filter={[{ key: 'to-port', negate: false, value: '443' }]} onChange={onChange} suggestValues={suggestValues} />);
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

/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeRangePicker, type TimeRange } from './TimeRangePicker.tsx';

afterEach(cleanup);

function setup(value: TimeRange = { since: '15m', until: null }, follow = false) {
  const onChange = vi.fn();
  const onFollowChange = vi.fn();
  render(
    <TimeRangePicker
      value={value}
      onChange={onChange}
      follow={follow}
      onFollowChange={onFollowChange}
      timeZone="utc"
      indexSpan={{ first: '2026-11-20T08:00:00Z', last: '2026-11-20T09:30:00Z' }}
    />,
  );
  return { onChange, onFollowChange, user: userEvent.setup() };
}

describe('TimeRangePicker', () => {
  it('shows the current range and picks a preset from the keyboard', async () => {
    const { onChange, user } = setup();
    const trigger = screen.getByRole('button', { name: 'Time range: Last 15m' });
    await user.tab();
    expect(trigger).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog', { name: 'Choose time range' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Last 15m' })).toHaveFocus();
    await user.tab();
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith({ since: '1h', until: null });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it('closes on Escape without changing the range', async () => {
    const { onChange, user } = setup();
    await user.click(screen.getByRole('button', { name: /Time range/ }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('applies an absolute UTC range and stops live follow, which needs an open end', async () => {
    const { onChange, onFollowChange, user } = setup({ since: '15m', until: null }, true);
    await user.click(screen.getByRole('button', { name: /Time range/ }));
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-11-20T10:02' } });
    fireEvent.change(screen.getByLabelText(/^To \(UTC\)/), { target: { value: '2026-11-20T10:17' } });
    await user.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(onChange).toHaveBeenCalledWith({ since: '2026-11-20T10:02:00Z', until: '2026-11-20T10:17:00Z' });
    expect(onFollowChange).toHaveBeenCalledWith(false);
  });

  it('refuses an end before the start', async () => {
    const { onChange, user } = setup();
    await user.click(screen.getByRole('button', { name: /Time range/ }));
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-11-20T10:17' } });
    fireEvent.change(screen.getByLabelText(/^To \(UTC\)/), { target: { value: '2026-11-20T10:02' } });
    await user.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(screen.getByRole('alert')).toHaveTextContent('“To” is before “From”');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('jumps to the span the index holds', async () => {
    const { onChange, user } = setup();
    await user.click(screen.getByRole('button', { name: /Time range/ }));
    expect(screen.getByText(/Index holds 2026-11-20 08:00:00 – 2026-11-20 09:30:00/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show everything indexed' }));
    expect(onChange).toHaveBeenCalledWith({ since: '2026-11-20T08:00:00Z', until: '2026-11-20T09:30:00Z' });
  });

  it('toggles live follow', async () => {
    const { onFollowChange, user } = setup();
    await user.click(screen.getByRole('switch', { name: 'Live' }));
    expect(onFollowChange).toHaveBeenCalledWith(true);
  });

  it('labels an absolute range by its clock times', () => {
    setup({ since: '2026-11-20T10:02:00Z', until: '2026-11-20T10:17:00Z' }, true);
    expect(screen.getByRole('button', { name: /Time range: .*10:02 – 10:17/ })).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Live' })).toBeDisabled();
    expect(screen.getByRole('switch', { name: 'Live' })).not.toBeChecked();
  });
});

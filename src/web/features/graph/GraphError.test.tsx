/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { GraphError } from './GraphError.tsx';

describe('GraphError', () => {
  afterEach(cleanup);

  it('offers the coarser grouping, not asking again, when the server refused the graph', () => {
    const onGroup = vi.fn();
    const onRetry = vi.fn();
    render(<GraphError error={new ApiError('the graph by pod has 310,280 edges, more than the 20,000 one graph shows', 400)} group="pod" onGroup={onGroup} onRetry={onRetry} />);
    expect(screen.getByRole('alert')).toHaveTextContent('This graph cannot be drawn');
    expect(screen.getByRole('alert')).toHaveTextContent('310,280 edges');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Group by workloads' }));
    expect(onGroup).toHaveBeenCalledWith('workload');
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('has no coarser grouping to offer past namespaces', () => {
    render(<GraphError error={new ApiError('too many edges', 400)} group="namespace" onGroup={vi.fn()} onRetry={vi.fn()} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('asks again when the server or the link failed', () => {
    const onRetry = vi.fn();
    render(<GraphError error={new ApiError('flowlens is busy', 503)} group="pod" onGroup={vi.fn()} onRetry={onRetry} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load the graph');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });
});

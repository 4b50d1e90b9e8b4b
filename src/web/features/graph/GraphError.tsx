import type { GraphGroup } from '../../../shared/api-graph.ts';
import { coarserGroup } from '../../../shared/graph-size.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { GROUP_LABELS } from './GraphToolbar.tsx';

/**
 * Why the graph did not come, with what helps: asking again when the server or the link failed;
 * a coarser grouping when the server refused the question (too many edges to draw), which asking
 * again would not change.
 */
export function GraphError({ error, group, onGroup, onRetry }: { error: unknown; group: GraphGroup; onGroup: (group: GraphGroup) => void; onRetry: () => void }) {
  const refused = error instanceof ApiError && error.isClientError;
  const coarser = coarserGroup(group);
  const action = !refused ? (
    <button type="button" className="btn" onClick={onRetry}>
      Try again
    </button>
  ) : coarser ? (
    <button type="button" className="btn" onClick={() => onGroup(coarser)}>
      Group by {GROUP_LABELS[coarser].toLowerCase()}
    </button>
  ) : undefined;
  return <ErrorState title={refused ? 'This graph cannot be drawn' : 'Could not load the graph'} message={errorMessage(error)} action={action} />;
}

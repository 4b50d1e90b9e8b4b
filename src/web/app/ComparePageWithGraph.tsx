import { ComparePage } from '../features/compare/ComparePage.tsx';
import { ChangeGraph } from '../features/graph/ChangeGraph.tsx';

/** The Compare view draws its graph with the graph view's own canvas; features stay apart, so they meet here. */
export function ComparePageWithGraph() {
  return <ComparePage ChangeGraph={ChangeGraph} />;
}

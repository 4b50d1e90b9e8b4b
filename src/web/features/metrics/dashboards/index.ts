import { clusterDashboard } from './cluster.ts';
import { dnsDashboard } from './dns.ts';
import { dropsDashboard } from './drops.ts';
import { imbalanceDashboard } from './imbalance.ts';
import { l7Dashboard } from './l7.ts';
import { podFlowsDashboard } from './pod-flows.ts';
import type { DashboardDef } from '../panel-model.ts';

/** The dashboards, in tab order: cluster first, then narrower questions. */
export const DASHBOARDS: readonly DashboardDef[] = [clusterDashboard, dnsDashboard, dropsDashboard, podFlowsDashboard, l7Dashboard, imbalanceDashboard];

export function dashboardById(id: string | null): DashboardDef {
  return DASHBOARDS.find((dashboard) => dashboard.id === id) ?? clusterDashboard;
}

/** The embedded demo cluster: a seeded simulated shop writing real Hubble exporter logs. */
export { createDemoTraffic, type DemoTraffic, type DemoTrafficOptions } from './generator.ts';
export { RotatingWriter, backupTimestamp, CURRENT_FILE, type RotatingWriterOptions } from './rotating-writer.ts';
export { writeDemoCorpus, DEFAULT_CORPUS_START_MS, DEFAULT_CORPUS_MAX_BYTES, DEFAULT_CORPUS_FLOWS_PER_SECOND, type DemoCorpus, type DemoCorpusOptions } from './corpus.ts';
export { startLiveDemo, type LiveDemo, type LiveDemoOptions } from './live.ts';
export { DEMO_PROBLEMS, WORLD_API } from './problems.ts';
export { buildCluster, SHOP_WORKLOAD_COUNT, type DemoCluster, type DemoWorkload, type DemoPod } from './cluster.ts';
export type { DemoLine } from './flows.ts';

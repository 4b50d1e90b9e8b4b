import type { Series } from '../../../../shared/api-dashboards.ts';
import { columnIndex } from '../../index/columns.ts';
import { countByBucketAndValue } from './counts.ts';
import { rangeBounds, type TimeBuckets } from './buckets.ts';
import type { Scan } from '../scan/scan.ts';

import type { SeriesSplit } from '../../store.ts';

type Value = string | number | readonly string[];

/**
 * The column each split reads and the one name a flow counts under, so a bucket's parts add up
 * to its total: a flow with an L7 record counts under its L7 protocol, a flow without an error
 * under `none`.
 */
const SPLITS: Record<SeriesSplit, { column: string; name: (value: Value) => string }> = {
  verdict: { column: 'verdict', name: String },
  protocol: {
    column: 'protocols',
    name: (value) => {
      const protocols = value as readonly string[];
      return protocols[protocols.length - 1] ?? 'unknown';
    },
  },
  'traffic-direction': { column: 'trafficDirection', name: String },
  error: { column: 'errorCategory', name: (value) => (value === '' ? 'none' : String(value)) },
};

const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();

/**
 * Matching flows per time bucket, split by one field. Rows are counted per bucket and dictionary
 * id the way the histogram counts verdicts (time blocks, no division per row; a full chunk inside
 * one bucket from its value counts); ids become names once per bucket.
 */
export async function countSeries(scan: Scan, split: SeriesSplit, range: TimeBuckets): Promise<Series> {
  const column = columnIndex(SPLITS[split].column);
  const dictionary = scan.index.dictionaries[column]!;
  const ids = dictionary.size;
  // Dictionary ids → a small set of names, once per distinct value.
  const names: string[] = [];
  const nameOf = new Uint32Array(ids);
  for (let id = 0; id < ids; id++) {
    const name = SPLITS[split].name(dictionary.valueAt(id));
    let at = names.indexOf(name);
    if (at === -1) at = names.push(name) - 1;
    nameOf[id] = at;
  }
  const { startMs, stepMs, buckets } = range;
  const byId = await countByBucketAndValue(scan, column, startMs, stepMs, buckets, ids);
  const width = Math.max(1, names.length);
  const counts = new Float64Array(buckets * width);
  for (let b = 0; b < buckets; b++) for (let id = 0; id < ids; id++) counts[b * width + nameOf[id]!]! += byId[b * ids + id]!;
  return {
    split,
    stepSeconds: stepMs / 1000,
    ...rangeBounds(range),
    buckets: Array.from({ length: buckets }, (_, b) => {
      const by: Record<string, number> = {};
      let total = 0;
      for (let n = 0; n < names.length; n++) {
        const count = counts[b * width + n]!;
        if (count > 0) {
          by[names[n]!] = (by[names[n]!] ?? 0) + count;
          total += count;
        }
      }
      return { time: iso(startMs + b * stepMs), total, by };
    }),
  };
}

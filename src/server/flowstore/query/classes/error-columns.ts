import type { ERROR_CATEGORIES } from '../../../../shared/vocabulary.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Dictionary } from '../../index/dictionary.ts';

export type Category = (typeof ERROR_CATEGORIES)[number];

/** Per category: the column giving the reason (drop reason, status, rcode, error code) and the detail. */
export const CATEGORY_COLUMNS: Record<Category, { reason: string; detail: string }> = {
  drop: { reason: 'dropReason', detail: 'policies' },
  http_5xx: { reason: 'httpStatus', detail: 'httpPath' },
  http_4xx: { reason: 'httpStatus', detail: 'httpPath' },
  dns: { reason: 'dnsRcode', detail: 'dnsQuery' },
  kafka: { reason: 'kafkaErrorCode', detail: 'kafkaTopic' },
};

/** Per errorCategory id: the column of its reason and of its detail, -1 where the id is no error. */
export function errorColumns(categories: Dictionary): { reason: Int32Array; detail: Int32Array } {
  const reason = new Int32Array(categories.size).fill(-1);
  const detail = new Int32Array(categories.size).fill(-1);
  for (let id = 0; id < categories.size; id++) {
    const columns = CATEGORY_COLUMNS[String(categories.valueAt(id)) as Category] as { reason: string; detail: string } | undefined;
    if (!columns) continue;
    reason[id] = columnIndex(columns.reason);
    detail[id] = columnIndex(columns.detail);
  }
  return { reason, detail };
}

const STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
];

/** The smallest round step (1s, 5s, 1m, 5m, 1h…) that splits `spanMs` into at most `buckets`. */
export function niceStepMs(spanMs: number, buckets: number): number {
  const wanted = spanMs / Math.max(1, buckets);
  for (const step of STEPS_MS) if (step >= wanted) return step;
  return Math.ceil(wanted / 86_400_000) * 86_400_000;
}

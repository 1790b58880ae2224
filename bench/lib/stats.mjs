// Medians and spreads of repeated measurements.

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `{ median, min, max, n, samples }` of a list of numbers. */
export function summarise(samples) {
  if (samples.length === 0) throw new Error('no samples to summarise');
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length, samples };
}

/** Milliseconds since a `process.hrtime.bigint()` reading. */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds taken by `count` sequential awaited calls of `fn`. */
export async function timeSequential(fn, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn();
  return msSince(start);
}

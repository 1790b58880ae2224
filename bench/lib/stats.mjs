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

/**
 * The clock of the in-process timings: 'cpu' (default), this process's CPU
 * time, user + system over all its threads, which other work on a shared
 * machine barely moves; or 'wall' (BENCH_CLOCK=wall).
 */
export const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';

/** A monotonic wall-clock reading in milliseconds. */
export function wallMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** This process's CPU time (user + system, all threads) in milliseconds. */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A reading of CLOCK in milliseconds. */
export const clockMs = CLOCK === 'cpu' ? cpuMs : wallMs;

/** Milliseconds (on CLOCK) taken by `count` sequential awaited calls of `fn`. */
export async function timeSequential(fn, count) {
  const start = clockMs();
  for (let i = 0; i < count; i++) await fn();
  return clockMs() - start;
}

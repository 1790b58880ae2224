// `make bench`: every measurement of issue 6, the package against
// balena-sdk 23.2.15 (pinejs-client-core 8.5.40 for compile), alternating
// the two over BENCH_RUNS runs (default 5, the minimum) in fresh processes.
// Prints a markdown table (medians, min–max, ratios ours / reference, the
// target and whether it is met) and writes all figures as JSON to
// bench/results/. It measures a copy of pkg/ taken at the start. In-process times are CPU time unless BENCH_CLOCK=wall
// (see lib/stats.mjs). A run's figure is the fastest of its few inner rounds (the
// one least disturbed by other work on the machine); the table shows the
// median over runs and the spread. `node bench/run.mjs per-call page` runs
// only those measurements.
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { breakdownTable, table, verdict } from './lib/report.mjs';
import { CLOCK, wallMs } from './lib/stats.mjs';

const MEASUREMENTS = ['payload', 'first-call', 'cold-start', 'per-call', 'page', 'throughput', 'compile'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !MEASUREMENTS.includes(name));
if (unknown.length > 0) {
  console.error(`unknown measurement(s): ${unknown.join(', ')}; one of ${MEASUREMENTS.join(', ')}`);
  process.exit(2);
}
if (RUNS < 5) console.error(`BENCH_RUNS=${RUNS}: fewer than the 5 runs per side the figures are meant to have`);

// Measure a snapshot of pkg/ (the package has no dependencies): others may
// rebuild pkg/dist while this runs.
const pkg = fileURLToPath(new URL('../pkg/', import.meta.url));
if (!existsSync(join(pkg, 'dist'))) {
  console.error('pkg/dist is missing (being rebuilt?): make build, then run again');
  process.exit(2);
}
const snapshot = mkdtempSync(join(tmpdir(), 'balena-api-key-bench-'));
cpSync(pkg, join(snapshot, 'pkg'), { recursive: true });
process.env.BENCH_PKG_DIR = join(snapshot, 'pkg');
process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));

const started = new Date();
const loadBefore = loadavg();
const rows = [];
const results = {};
for (const name of wanted.length > 0 ? wanted : MEASUREMENTS) {
  const start = wallMs();
  process.stderr.write(`bench: ${name} ... `);
  const { measure } = await import(`./${name}.mjs`);
  results[name] = await measure({ runs: RUNS });
  results[name].seconds = (wallMs() - start) / 1000;
  process.stderr.write(`${results[name].seconds.toFixed(1)} s\n`);
  rows.push(...results[name].rows);
}

const failures = rows.flatMap((row) => row.checks.map((check) => `${row.id}: ${check}`));
console.log(`Benchmarks, ${started.toISOString()}, node ${process.version}, ${cpus().length} CPUs (load average ${loadBefore[0].toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end).`);
console.log(`Medians of ${RUNS} alternating runs per side, (min–max) across runs; each run a fresh process (its figure: the best of its inner rounds), except the payload (measured once).`);
console.log(CLOCK === 'cpu'
  ? 'Times are process CPU time (user + system), steady on a shared machine; throughput is wall-clock. BENCH_CLOCK=wall for wall-clock times.\n'
  : 'Times are wall-clock (BENCH_CLOCK=wall).\n');
console.log(table(rows));
console.log('\nNotes:');
for (const row of rows) {
  for (const note of row.notes) console.log(`- ${row.id}: ${note}`);
}
if (results.payload) console.log(`\nBrowser payload, per file:\n\n${breakdownTable(results.payload.breakdown)}`);
console.log(failures.length === 0
  ? '\nSanity checks passed: request counts (stub and server), the request sent, the token, rows equal to raw fetch + json and across sides, compile outputs equal.'
  : `\nSANITY CHECKS FAILED:\n${failures.map((failure) => `- ${failure}`).join('\n')}`);

const directory = new URL('./results/', import.meta.url);
mkdirSync(directory, { recursive: true });
const file = new URL(`bench-${started.toISOString().replace(/[:.]/g, '-')}.json`, directory);
const summary = rows.map((row) => ({ ...row, met: verdict(row) }));
writeFileSync(file, `${JSON.stringify({ started, clock: CLOCK, node: process.version, cpus: cpus().length, loadBefore, loadAfter: loadavg(), runs: RUNS, rows: summary, results }, null, 2)}\n`);
console.log(`\nAll figures: ${file.pathname}`);
process.exitCode = failures.length === 0 ? 0 : 1;

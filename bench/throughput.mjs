// Throughput: calls per second of getAll(QUERY) against a local node:http
// server (its own process, a fixed 20-row JSON body) with 16 calls in
// flight, N calls in all; raw fetch + json under the same load for scale.
// One fresh client process per side and run; the server counts the requests.
import { alternate, childArgs, isMain, reply, runChild, startService } from './lib/child.mjs';
import { apiKeyRows, digest, loggedInSdk, QUERY, queryUrl, SIDES } from './lib/sides.mjs';
import { cpuMs, summarise, wallMs } from './lib/stats.mjs';

const IN_FLIGHT = 16;
const CALLS = Number(process.env.BENCH_THROUGHPUT_CALLS ?? 2000);
const WARMUP = 300;
const RAW = 'raw-fetch';

/** Calls/s of both sides (and raw fetch) over `runs` alternating client processes: one table row. */
export async function measure({ runs }) {
  const server = await startService(new URL('./lib/server.mjs', import.meta.url));
  const served = async () => (await (await fetch(new URL('__stats', server.answer.url))).json()).served;
  const checks = [];
  let bySide;
  try {
    bySide = await alternate([...Object.keys(SIDES), RAW], runs, async (side) => {
      const before = await served();
      const run = await runChild(import.meta.url, [side, server.answer.url]);
      const requests = (await served()) - before;
      if (requests !== WARMUP + CALLS) checks.push(`${side}: the server saw ${requests} requests for ${WARMUP + CALLS} calls`);
      if (run.digest !== digest(apiKeyRows(20))) checks.push(`${side}: the rows returned differ from the server's`);
      return run;
    });
  } finally {
    await server.stop();
  }
  const rate = (side) => summarise(bySide[side].map((run) => run.callsPerSecond));
  const ours = rate('ours');
  const reference = rate('balena-sdk');
  const raw = rate(RAW);
  const cpuPerCall = (side) => Math.round(summarise(bySide[side].map((run) => run.cpuUsPerCall)).median);
  return {
    rows: [{
      id: 'throughput',
      measurement: `Throughput, calls/s (local HTTP server, ${IN_FLIGHT} in flight, ${CALLS.toLocaleString('en')} calls)`,
      ours,
      reference,
      ratio: ours.median / reference.median,
      ratioOf: 'ours / balena-sdk',
      target: { op: '>=', value: 1.0 },
      notes: [
        `raw fetch + json: ${Math.round(raw.median)} calls/s (${Math.round(raw.min)}–${Math.round(raw.max)})`,
        `client CPU per call (steadier than calls/s on a shared machine): ours ${cpuPerCall('ours')} µs, balena-sdk ${cpuPerCall('balena-sdk')} µs, raw fetch + json ${cpuPerCall(RAW)} µs`,
      ],
      checks,
    }],
    runs: bySide,
  };
}

/** Runs `calls` calls of `call` with `IN_FLIGHT` of them pending at any time. */
async function saturate(call, calls) {
  let started = 0;
  const lane = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

if (isMain(import.meta.url)) {
  const [side, url] = childArgs(import.meta.url, 2);
  let rows;
  let call;
  if (side === RAW) {
    const target = queryUrl(url);
    call = async () => { rows = (await (await fetch(target)).json()).d; };
  } else {
    const sdk = await loggedInSdk(side, url);
    call = async () => { rows = await sdk.models.apiKey.getAll(QUERY); };
  }
  await saturate(call, WARMUP);
  const start = wallMs();
  const startCpu = cpuMs();
  await saturate(call, CALLS);
  const cpuUsPerCall = ((cpuMs() - startCpu) / CALLS) * 1000;
  reply({ side, calls: CALLS, callsPerSecond: CALLS / ((wallMs() - start) / 1000), cpuUsPerCall, digest: digest(rows) });
}

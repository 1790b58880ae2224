// Per-call overhead: 3,000 sequential getAll(QUERY) calls answered at once by
// a fetch stub with a 20-row body, minus the same loop of raw fetch +
// response.json(), in µs per call. One fresh process per side and run.
import { alternate, childArgs, isMain, reply, runChild } from './lib/child.mjs';
import { apiKeyRows, SIDES } from './lib/sides.mjs';
import { summarise } from './lib/stats.mjs';
import { checkStubbed, STUBBED_NODE_ARGS, stubbedLoops } from './lib/stubbed.mjs';

const CALLS = 3000;
const ROWS = 20;

/** Per-call overhead of both sides over `runs` alternating runs: one table row. */
export async function measure({ runs }) {
  const bySide = await alternate(Object.keys(SIDES), runs, (side) => runChild(import.meta.url, [side], { nodeArgs: STUBBED_NODE_ARGS }));
  const overheadUs = (run) => ((run.libMsPerLoop - run.rawMsPerLoop) / run.calls) * 1000;
  const ours = summarise(bySide.ours.map(overheadUs));
  const reference = summarise(bySide['balena-sdk'].map(overheadUs));
  const rawUs = summarise([...bySide.ours, ...bySide['balena-sdk']].map((run) => (run.rawMsPerLoop / run.calls) * 1000));
  return {
    rows: [{
      id: 'per-call',
      measurement: `Per-call overhead, µs/call (${CALLS.toLocaleString('en')} getAll, ${ROWS}-row stub, minus raw fetch + json)`,
      ours,
      reference,
      ratio: ours.median / reference.median,
      ratioOf: 'ours / balena-sdk',
      target: { op: '<=', value: 0.4 },
      notes: [`raw fetch + json alone: ${rawUs.median.toFixed(1)} µs/call (${rawUs.min.toFixed(1)}–${rawUs.max.toFixed(1)})`],
      checks: checkStubbed(bySide, ROWS),
    }],
    runs: bySide,
  };
}

if (isMain(import.meta.url)) {
  reply(await stubbedLoops({ side: childArgs(import.meta.url, 1)[0], rows: apiKeyRows(ROWS), calls: CALLS, rounds: 4, warmup: 1000 }));
}

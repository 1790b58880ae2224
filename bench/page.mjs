// A 5,000-row page: ms per getAll(QUERY) answered at once by a fetch stub with
// 5,000 wide rows, against raw fetch + response.json() of the same body in the
// same process. The target is ours / raw; balena-sdk is shown alongside.
import { alternate, childArgs, isMain, reply, runChild } from './lib/child.mjs';
import { apiKeyRows, SIDES } from './lib/sides.mjs';
import { median, summarise } from './lib/stats.mjs';
import { checkStubbed, STUBBED_NODE_ARGS, stubbedLoops } from './lib/stubbed.mjs';

const ROWS = 5000;
const CALLS = 20;

/** ms per 5,000-row getAll for both sides and for raw fetch + json: one table row. */
export async function measure({ runs }) {
  const bySide = await alternate(Object.keys(SIDES), runs, (side) => runChild(import.meta.url, [side], { nodeArgs: STUBBED_NODE_ARGS }));
  const perCall = (ms, run) => ms / run.calls;
  const ours = summarise(bySide.ours.map((run) => perCall(run.libMsPerLoop, run)));
  const reference = summarise(bySide['balena-sdk'].map((run) => perCall(run.libMsPerLoop, run)));
  // the raw loops of our own processes are the baseline of our ratio
  const raw = summarise(bySide.ours.map((run) => perCall(run.rawMsPerLoop, run)));
  const referenceRaw = summarise(bySide['balena-sdk'].map((run) => perCall(run.rawMsPerLoop, run)));
  // within one process both loops ran under the same conditions
  const toRaw = (side) => median(bySide[side].map((run) => run.libMsPerLoop / run.rawMsPerLoop));
  return {
    rows: [{
      id: 'page',
      measurement: `${ROWS.toLocaleString('en')}-row page, ms per getAll`,
      ours,
      reference,
      baseline: raw,
      ratio: toRaw('ours'),
      ratioOf: 'ours / raw fetch + json, median of per-run ratios',
      target: { op: '<=', value: 1.1 },
      notes: [
        `raw fetch + json: ${raw.median.toFixed(2)} ms (${raw.min.toFixed(2)}–${raw.max.toFixed(2)}) in our processes, ${referenceRaw.median.toFixed(2)} ms in balena-sdk's`,
        `balena-sdk / raw fetch + json: ${toRaw('balena-sdk').toFixed(2)}`,
      ],
      checks: checkStubbed(bySide, ROWS),
    }],
    runs: bySide,
  };
}

if (isMain(import.meta.url)) {
  reply(await stubbedLoops({ side: childArgs(import.meta.url, 1)[0], rows: apiKeyRows(ROWS, { wide: true }), calls: CALLS, rounds: 4, warmup: 10 }));
}

// A 5,000-row page: ms per getAll(QUERY) answered at once by a fetch stub with
// 5,000 wide rows, against raw fetch + response.json() of the same body in the
// same process. The target is ours / raw; balena-sdk is shown alongside.
import { alternate, isMain, reply, runChild } from './lib/child.mjs';
import { apiKeyRows, SIDES } from './lib/sides.mjs';
import { summarise } from './lib/stats.mjs';
import { checkStubbed, stubbedLoops } from './lib/stubbed.mjs';

const ROWS = 5000;
const CALLS = 30;

/** ms per 5,000-row getAll for both sides and for raw fetch + json: one table row. */
export async function measure({ runs }) {
  const bySide = await alternate(Object.keys(SIDES), runs, (side) => runChild(import.meta.url, [side]));
  const perCall = (ms, run) => ms / run.calls;
  const ours = summarise(bySide.ours.map((run) => perCall(run.libMsPerLoop, run)));
  const reference = summarise(bySide['balena-sdk'].map((run) => perCall(run.libMsPerLoop, run)));
  // the raw loops of our own processes are the baseline of our ratio
  const raw = summarise(bySide.ours.map((run) => perCall(run.rawMsPerLoop, run)));
  const referenceRaw = summarise(bySide['balena-sdk'].map((run) => perCall(run.rawMsPerLoop, run)));
  return {
    rows: [{
      id: 'page',
      measurement: `${ROWS.toLocaleString('en')}-row page, ms per getAll`,
      ours,
      reference,
      baseline: raw,
      ratio: ours.median / raw.median,
      ratioOf: 'ours / raw fetch + json',
      target: { op: '<=', value: 1.1 },
      notes: [
        `raw fetch + json: ${raw.median.toFixed(2)} ms (${raw.min.toFixed(2)}–${raw.max.toFixed(2)}) in our processes, ${referenceRaw.median.toFixed(2)} ms in balena-sdk's`,
        `balena-sdk / its raw: ${(reference.median / referenceRaw.median).toFixed(2)}`,
      ],
      checks: checkStubbed(bySide, ROWS),
    }],
    runs: bySide,
  };
}

if (isMain(import.meta.url)) {
  reply(await stubbedLoops({ side: process.argv[2], rows: apiKeyRows(ROWS, { wide: true }), calls: CALLS, rounds: 5, warmup: 10 }));
}

// Cold start in Node: in a fresh process, the time to require the CommonJS
// entry, call getSdk({ apiUrl, dataDirectory: false }) and reach
// models.apiKey, and the process RSS at that point. A third kind of process
// that loads nothing gives the RSS of bare node.
import { createRequire } from 'node:module';
import { alternate, childArgs, isMain, reply, runChild } from './lib/child.mjs';
import { SIDES } from './lib/sides.mjs';
import { clockMs, summarise, wallMs } from './lib/stats.mjs';

const BARE = 'bare-node';
const MB = 1024 * 1024;

/** Cold-start time and RSS of both sides over `runs` alternating fresh processes: two table rows. */
export async function measure({ runs }) {
  const bySide = await alternate([...Object.keys(SIDES), BARE], runs, (side) => runChild(import.meta.url, [side]));
  const of = (side, key) => summarise(bySide[side].map((run) => run[key]));
  const rss = (side) => summarise(bySide[side].map((run) => run.rss / MB));
  const bare = rss(BARE);
  const checks = [];
  for (const side of Object.keys(SIDES)) {
    for (const run of bySide[side]) {
      if (run.apiKeyMethods < 7) checks.push(`${side}: models.apiKey has ${run.apiKeyMethods} methods, expected 7`);
    }
  }
  const above = (summary) => (summary.median - bare.median).toFixed(1);
  const ours = rss('ours');
  const reference = rss('balena-sdk');
  return {
    rows: [
      {
        id: 'cold-start',
        measurement: 'Cold start in Node, ms (require + getSdk + models.apiKey)',
        ours: of('ours', 'ms'),
        reference: of('balena-sdk', 'ms'),
        ratio: of('ours', 'ms').median / of('balena-sdk', 'ms').median,
        ratioOf: 'ours / balena-sdk',
        target: { op: '<=', value: 0.2 },
        notes: [`the same on the wall clock: ours ${of('ours', 'loadWallMs').median.toFixed(1)} ms, balena-sdk ${of('balena-sdk', 'loadWallMs').median.toFixed(1)} ms; whole process, spawn to exit: ours ${of('ours', 'wallMs').median.toFixed(0)} ms, balena-sdk ${of('balena-sdk', 'wallMs').median.toFixed(0)} ms, bare node ${of(BARE, 'wallMs').median.toFixed(0)} ms`],
        checks,
      },
      {
        id: 'cold-rss',
        measurement: 'RSS after cold start, MB',
        ours,
        reference,
        ratio: ours.median / reference.median,
        ratioOf: 'ours / balena-sdk',
        target: null,
        notes: [`bare node (nothing loaded): ${bare.median.toFixed(1)} MB; above it: ours ${above(ours)} MB, balena-sdk ${above(reference)} MB (ratio ${((ours.median - bare.median) / (reference.median - bare.median)).toFixed(2)})`],
        checks: [],
      },
    ],
    runs: bySide,
  };
}

if (isMain(import.meta.url)) {
  const [side] = childArgs(import.meta.url, 1);
  const require = createRequire(import.meta.url);
  const start = clockMs();
  const startWall = wallMs();
  let apiKeyMethods = 0;
  if (side !== BARE) {
    const { getSdk } = require(SIDES[side].specifier);
    const apiKey = getSdk({ apiUrl: 'https://api.bench.invalid/', dataDirectory: false }).models.apiKey;
    apiKeyMethods = Object.values(apiKey).filter((value) => typeof value === 'function').length;
  }
  const ms = clockMs() - start;
  const loadWallMs = wallMs() - startWall;
  reply({ side, ms, loadWallMs, rss: process.memoryUsage().rss, apiKeyMethods });
}

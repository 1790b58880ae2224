// A module Web Worker loading the installed package's browser entry itself.
// browser.mjs awaits the wasm at top level, so a message posted before this
// module finished evaluating could be lost: the worker says 'ready' first.
import { getSdk, errors } from '/pkg/browser.mjs';
import { runChecks } from './checks.mjs';

self.onmessage = async ({ data }) => {
  const report = await runChecks({ getSdk, errors }, data);
  report.host = { ok: true, value: { isWorker: typeof window === 'undefined' && typeof WorkerGlobalScope === 'function' } };
  self.postMessage(report);
};
self.postMessage('ready');

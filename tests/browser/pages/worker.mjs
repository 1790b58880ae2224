// A module Web Worker loading the installed package's browser entry itself.
// It sets onmessage only after its imports have evaluated, and the page
// posts its message right after creating the worker: with no top-level await
// in the package, that message must not be lost.
import { getSdk, errors, ready } from '/pkg/browser.mjs';
import { runChecks, tryCompile } from './checks.mjs';

// pine.compile as the module evaluates, while the wasm is still downloading.
const compiledAtImport = tryCompile(getSdk({ dataDirectory: false }), { resource: 'api_key' });

self.onmessage = async ({ data }) => {
  const report = await runChecks({ getSdk, errors, ready, compiledAtImport }, data);
  report.host = { ok: true, value: { isWorker: typeof window === 'undefined' && typeof WorkerGlobalScope === 'function' } };
  self.postMessage(report);
};

// The worker of the Vite app: sets onmessage once its imports have evaluated.
import { errors, getSdk, ready } from 'balena-api-key-wasm';
import { runChecks, tryCompile } from './checks.mjs';

// pine.compile as the module evaluates, while the wasm is still downloading.
const compiledAtImport = tryCompile(getSdk({ dataDirectory: false }), { resource: 'api_key' });

self.onmessage = async ({ data }) => {
  const report = await runChecks({ getSdk, errors, ready, compiledAtImport }, data);
  report.host = { ok: true, value: { isWorker: typeof window === 'undefined' && typeof WorkerGlobalScope === 'function' } };
  self.postMessage(report);
};

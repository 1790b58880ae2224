// The worker of the Vite app: sets onmessage once its imports have evaluated.
import { errors, getSdk, ready } from 'balena-api-key-wasm';
import { runChecks } from './checks.mjs';

self.onmessage = async ({ data }) => {
  const report = await runChecks({ getSdk, errors, ready }, data);
  report.host = { ok: true, value: { isWorker: typeof window === 'undefined' && typeof WorkerGlobalScope === 'function' } };
  self.postMessage(report);
};

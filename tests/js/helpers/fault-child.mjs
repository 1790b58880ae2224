// Run as a child process by tests/js/faults.test.mjs: every fault of
// fault-server.mjs (and a refused connection) against the built package,
// in this process, with its own fault server. After closing the server it
// prints `done` and returns; the parent measures how long Node then takes to
// exit on its own: a timer or socket the package leaked keeps it alive.
//
//   node tests/js/helpers/fault-child.mjs [fault names…]   (default: all but the 50 MB body)
import { getSdk } from '../../../pkg/index.mjs';
import { FAULTS, closedPortUrl, startFaultServer } from './fault-server.mjs';

/** The timeout for the faults that never answer; every other call gets 20 s. */
const REQUEST_TIMEOUT_MS = 300;
const LONG_TIMEOUT_MS = 20_000;
const NEVER_ANSWERED = new Set(['headers never sent', 'body stalls after headers']);
let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  console.log(JSON.stringify({ unhandled: String(reason?.stack ?? reason) }));
  process.exitCode = 1;
});

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(FAULTS).filter((name) => !name.startsWith('50 MB'));
const server = await startFaultServer();
const quick = getSdk({ apiUrl: server.url, dataDirectory: false, requestTimeout: REQUEST_TIMEOUT_MS });
const patient = getSdk({ apiUrl: server.url, dataDirectory: false, requestTimeout: LONG_TIMEOUT_MS });
await quick.auth.loginWithToken('child-token');
await patient.auth.loginWithToken('child-token');
for (const name of names) {
  server.use(name);
  const sdk = NEVER_ANSWERED.has(name) ? quick : patient;
  const outcome = await sdk.models.apiKey.getAll().then(
    () => 'resolved',
    (error) => (error instanceof Error ? `${error.name}: ${error.message}` : `non-Error ${typeof error}`),
  );
  console.log(JSON.stringify({ fault: name, outcome }));
}
const refused = getSdk({ apiUrl: await closedPortUrl(), dataDirectory: false, requestTimeout: LONG_TIMEOUT_MS });
console.log(JSON.stringify({ fault: 'connection refused', outcome: await refused.auth.whoami().catch((error) => error.message) }));
server.use();
console.log(JSON.stringify({ followUp: (await quick.models.apiKey.getAll()).length + (await patient.models.apiKey.getAll()).length }));
await server.close();
console.log(JSON.stringify({ done: true, unhandled, resources: process.getActiveResourcesInfo() }));

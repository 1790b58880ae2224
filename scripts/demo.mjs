// `make demo`: the seeded API emulator and the dashboard (www/) on loopback,
// then one URL to open, good for one connection (it carries a one-time code,
// not the token). Ctrl-C stops both.
//
//   node scripts/demo.mjs [--port N] [--token T] [--db FILE]
//
// --port: the dashboard's port (default 8080; a free one if that is taken);
// --token: the emulator's session token (default: random);
// --db: keep the emulator's state in a SQLite file across runs.
import { parseArgs } from 'node:util';
import { startDemo } from './demo-servers.mjs';

const DEFAULT_PORT = 8080;

const { values } = parseArgs({
  options: { port: { type: 'string' }, token: { type: 'string' }, db: { type: 'string' } },
});
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: not a port number: ${values.port}`);
  process.exit(2);
}

const start = (onPort) => startDemo({ token: values.token, port: onPort, db: values.db, onLine: (line) => console.log(`  emulator | ${line}`) });
let demo;
try {
  demo = await start(port);
} catch (error) {
  if (error.code !== 'EADDRINUSE' || values.port !== undefined) throw error;
  console.log(`port ${port} is taken, using a free one`);
  demo = await start(0);
}

console.log(`
The balena API-key dashboard is ready. Open:

  ${demo.openUrl}

The link works once: it fills in the API URL and the token, which never
appear in it. To connect by hand: API ${demo.apiUrl}, token ${demo.token}
Press Ctrl-C to stop the emulator and the web server.`);

let stopping = false;
const shutdown = async (why, exitCode) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping the emulator and the web server`);
  await demo.stop();
  process.exit(exitCode);
};
process.on('SIGINT', () => shutdown('SIGINT', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
// A terminal's Ctrl-C reaches the emulator too (same process group): its
// exit by that signal is a normal stop, any other exit a failure.
demo.emulatorExited.then((how) => shutdown(`the emulator exited (${how})`, ['SIGINT', 'SIGTERM', 0].includes(how) ? 0 : 1));

// The two servers behind `make demo`, importable so the dashboard tests start
// exactly what a person gets: the api-emulator binary (seeded, loopback) and
// a static server for the dashboard (www/ at `/`, the package folder pkg/ at
// `/pkg/`, and `POST /demo/session`, where the link's one-time code is traded
// for the session). Both listen on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerLaunch, createLaunchCodes, LAUNCH_PATH } from './demo-launch.mjs';

/** The repository root (the folder that holds www/, pkg/ and target/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `make emulator` puts the emulator binary; `API_EMULATOR_BIN` overrides it. */
export const EMULATOR_BIN = process.env.API_EMULATOR_BIN ?? join(ROOT, 'target/release/api-emulator');

const EMULATOR_START_MS = 15_000;
const EMULATOR_STOP_MS = 5_000;

const CONTENT_TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.wasm', 'application/wasm'],
]);

// The page talks to whatever API URL the user types, so connect-src stays
// open; everything else comes from this server. 'wasm-unsafe-eval' lets the
// package compile its wasm.
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http: https:; "
    + "img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** A random session token for the emulator: 32 hex characters. */
export function randomToken() {
  return randomBytes(16).toString('hex');
}

/**
 * Spawns the api-emulator on a free loopback port (`--port 0`) with the given
 * session token, seeded (in memory unless `db` names a SQLite file).
 * Resolves once it printed its URL.
 * @param {{ token: string, db?: string, onLine?: (line: string) => void }} options
 *   `onLine` receives every line the emulator prints (stdout and stderr).
 * @returns {Promise<{ url: string, stop: () => Promise<void>, exited: Promise<number|string> }>}
 *   `url` has no trailing slash; `exited` settles with the exit code or signal.
 */
export async function startEmulator({ token, db, onLine = () => {} }) {
  if (!existsSync(EMULATOR_BIN)) throw new Error(`${EMULATOR_BIN} is missing: run make emulator`);
  const args = ['--port', '0', '--token', token, ...(db ? ['--db', db] : [])];
  const child = spawn(EMULATOR_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit').then(([code, signal]) => code ?? signal);
  createInterface({ input: child.stderr }).on('line', onLine);
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`api-emulator printed no URL within ${EMULATOR_START_MS} ms`)),
      EMULATOR_START_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      onLine(line);
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`api-emulator exited (${how}) before it printed its URL`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), EMULATOR_STOP_MS);
      await exited;
      clearTimeout(killer);
    }
  };
  return { url, stop, exited };
}

/** The file a request path maps to under one of the mounts, or undefined when none holds it. */
async function resolveFile(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const base = resolve(dir);
    let file = resolve(base, `.${pathname.slice(prefix.length - 1)}`);
    if (file !== base && !file.startsWith(base + sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    } else if (!info?.isFile()) {
      continue;
    }
    return file;
  }
  return undefined;
}

/**
 * A static file server on 127.0.0.1 for the dashboard: `www/` at `/` and
 * `pkg/` at `/pkg/` (so `www/app.mjs` can import `../pkg/extras-browser.mjs`),
 * GET and HEAD only, with a Content-Security-Policy and no caching. Given
 * `launch` codes, it also answers `POST /demo/session` (see demo-launch.mjs).
 * @param {{ port?: number, mounts?: Array<[string, string]>, launch?: ReturnType<typeof createLaunchCodes> }} [options]
 *   `port` 0 (the default) picks a free one; `mounts` are `[urlPrefix, folder]`
 *   pairs, longest prefix first.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} `url` ends with `/`.
 */
export async function startStaticServer({ port = 0, mounts = [['/pkg/', join(ROOT, 'pkg')], ['/', join(ROOT, 'www')]], launch } = {}) {
  const server = createServer(async (req, res) => {
    const reply = (status, text) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return reply(400, 'bad path\n');
    }
    if (launch && req.method === 'POST' && pathname === LAUNCH_PATH) {
      const { status, body } = await answerLaunch(launch, req);
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify(body));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    const file = pathname.includes('\0') ? undefined : await resolveFile(mounts, pathname);
    if (!file) return reply(404, `not found: ${pathname}\n`);
    const { size } = await stat(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES.get(extname(file)) ?? 'application/octet-stream',
      'Content-Length': size,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  server.listen(port, '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

/**
 * The URL to open: the dashboard with a one-time launch code in the
 * fragment (the page reads it, removes it from the address bar and trades
 * it for the session).
 * @param {string} pageUrl
 * @param {string} code from `createLaunchCodes(...).issue()`
 * @returns {string}
 * @example dashboardUrl('http://127.0.0.1:8080/', 'c0de') // 'http://127.0.0.1:8080/#code=c0de'
 */
export function dashboardUrl(pageUrl, code) {
  return `${pageUrl}#${new URLSearchParams({ code })}`;
}

/**
 * Starts both demo servers: the emulator (with `token`, random by default)
 * and the static server (on `port`, 0 by default), which trades the links'
 * one-time codes for the emulator's URL and the token.
 * @param {{ token?: string, port?: number, db?: string, onLine?: (line: string) => void }} [options]
 * @returns {Promise<{ apiUrl: string, pageUrl: string, openUrl: string, newLink: () => string, token: string,
 *   emulatorExited: Promise<number|string>, stop: () => Promise<void> }>}
 *   `openUrl` is `pageUrl` with a launch code, and `newLink()` gives another
 *   one (each connects once); `stop` stops both, and may be called more than once.
 */
export async function startDemo({ token = randomToken(), port = 0, db, onLine } = {}) {
  const emulator = await startEmulator({ token, db, onLine });
  const launch = createLaunchCodes({ apiUrl: emulator.url, token });
  let site;
  try {
    site = await startStaticServer({ port, launch });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  const newLink = () => dashboardUrl(site.url, launch.issue());
  let stopping;
  return {
    apiUrl: emulator.url,
    pageUrl: site.url,
    openUrl: newLink(),
    newLink,
    token,
    emulatorExited: emulator.exited,
    stop: () => {
      stopping ??= Promise.all([site.close(), emulator.stop()]).then(() => {});
      return stopping;
    },
  };
}

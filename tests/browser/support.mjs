// Shared by tests/js/package-install.test.mjs and package-browser.test.mjs:
// pack pkg/ and install the tarball into a fresh folder, a loopback balena
// API with CORS that records what it receives, and a loopback static server.
// Everything listens on 127.0.0.1 with a port the OS picks.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE_NAME = 'balena-api-key-wasm';
/** Debian's Chromium, which Playwright drives in every browser check. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

/** Launches headless Chromium through playwright-core, failing clearly when it is not installed. */
export async function launchChromium({ timeout = 30_000 } = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout });
}

/** The token every check logs in with: the API server expects it. */
export const TOKEN = 'tok_package_check';
/** The rows `GET /v7/api_key` answers with. */
export const API_KEY_ROWS = [
  { id: 1, created_at: '2024-01-02T03:04:05.678Z', name: 'alpha', description: null, expiry_date: null, is_of__actor: { __id: 42 } },
  { id: 2, created_at: '2024-02-03T04:05:06.789Z', name: "o'k é", description: 'second', expiry_date: '2030-10-12T00:00:00.000Z', is_of__actor: { __id: 42 } },
];
/** The request-target `models.apiKey.getAll()` sends (BEHAVIOR.md 2.2). */
export const GET_ALL_TARGET = '/v7/api_key?$orderby=name%20asc';
/** `getAll({ $filter: { name: 'boom' } })` makes the API answer 500 with this JSON. */
export const BOOM_BODY = { message: 'srv boom' };
/** A real compile: the string pinejs-client-core returns is the expectation. */
export const COMPILE_PARAMS = {
  resource: 'api_key',
  options: {
    $select: ['id', 'name'],
    $filter: { name: { $startswith: "o'k é" }, expiry_date: { $ne: null } },
    $expand: { is_of__actor: { $select: 'id' } },
    $orderby: [{ created_at: 'desc' }, 'id'],
    $top: 5,
  },
};

/** What pinejs-client-core@8.5.40 compiles COMPILE_PARAMS to. */
export function expectedCompile() {
  const require = createRequire(import.meta.url);
  const { PinejsClientCore } = require('pinejs-client-core');
  class Client extends PinejsClientCore {
    _request() {
      throw new Error('compile only');
    }
  }
  return new Client({ apiPrefix: '/v7/' }).compile(COMPILE_PARAMS);
}

/** Runs a command; resolves `{ stdout, stderr }`, rejects with both on failure. */
export function run(command, args, { cwd, timeout = 120_000, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout, env: env ?? process.env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        error.message += `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        reject(error);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/**
 * `npm pack` of pkg/ (which must have been built: `make build`), then
 * `npm install --offline` of the tarball into a fresh folder with its own
 * package.json.
 * @returns {Promise<{ base: string, tarball: string, appDir: string, installed: string }>}
 */
export async function packAndInstall(label) {
  // PACKAGE_DIR: another built package folder (e.g. a stand-in, to debug these tests).
  const pkgDir = process.env.PACKAGE_DIR ?? join(root, 'pkg');
  for (const file of ['dist/node/balena_api_key.js', 'browser.mjs', 'dist/balena_api_key_bg.wasm']) {
    if (!existsSync(join(pkgDir, file))) {
      throw new Error(`${pkgDir}/${file} is missing: build the package first (make build)`);
    }
  }
  const base = mkdtempSync(join(tmpdir(), `balena-api-key-wasm-${label}-`));
  const npmEnv = { ...process.env, npm_config_cache: join(base, 'npm-cache'), npm_config_update_notifier: 'false' };
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', base], { cwd: pkgDir, env: npmEnv });
  const [{ filename }] = JSON.parse(stdout);
  const tarball = join(base, filename);
  const appDir = await installTarball(base, 'app', tarball, npmEnv);
  return { base, tarball, appDir, installed: join(appDir, 'node_modules', PACKAGE_NAME), npmEnv };
}

/** A fresh folder `<base>/<name>` with the tarball installed as its only dependency. */
export async function installTarball(base, name, tarball, npmEnv, extraPackageJson = {}) {
  const appDir = join(base, name);
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify({ name, private: true, version: '0.0.0', ...extraPackageJson }, null, 2)}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: appDir, env: npmEnv });
  return appDir;
}

/** Makes the workspace's copy of `name` (a dev tool such as esbuild) resolvable from `appDir`'s own scripts. */
export function linkWorkspacePackage(appDir, name) {
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), join(appDir, 'node_modules', name), 'dir');
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Balena-Client',
  'Access-Control-Max-Age': '0',
};

/** The application and device rows the API server answers lookups with. */
const LOOKUP_ROWS = {
  application: [{ id: 7, actor: { __id: 17 } }],
  device: [{ id: 9, actor: { __id: 19 } }],
};
/** What `POST /api-key/user/full` answers: the new key. */
export const CREATED_KEY = 'new_api_key_from_the_test_server';

/**
 * A tiny balena API on loopback, with CORS: whoami, `GET /v7/api_key...`
 * (rows, or 500 when the query mentions `boom`), application and device
 * lookups, key creation, and `PATCH`/`DELETE` of keys (200); it records
 * every request.
 * @returns {Promise<{ url: string, requests: object[], close: () => Promise<void> }>}
 */
export async function startApiServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method, target: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const send = (status, json) => {
        const body = json === undefined ? '' : JSON.stringify(json);
        res.writeHead(status, {
          ...CORS_HEADERS,
          ...(json === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
          'Content-Length': Buffer.byteLength(body),
          Connection: 'close',
        });
        res.end(body);
      };
      const path = req.url.split('?')[0];
      if (req.method === 'OPTIONS') return send(204);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401);
      if (req.method === 'GET' && path === '/actor/v1/whoami') {
        return send(200, { id: 42, actorType: 'user', actorTypeId: 5, username: 'u', email: null });
      }
      if (req.method === 'GET' && path === '/v7/api_key') {
        return req.url.includes('boom') ? send(500, BOOM_BODY) : send(200, { d: API_KEY_ROWS });
      }
      const lookup = /^\/v7\/(application|device)\b/.exec(path);
      if (req.method === 'GET' && lookup) return send(200, { d: LOOKUP_ROWS[lookup[1]] });
      if (req.method === 'POST' && path === '/api-key/user/full') return send(200, CREATED_KEY);
      if ((req.method === 'PATCH' || req.method === 'DELETE') && path.startsWith('/v7/api_key(')) return send(200);
      return send(404);
    });
  });
  await listen(server);
  return { url: `http://127.0.0.1:${server.address().port}/`, requests, close: () => close(server) };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * Serves folders under URL prefixes (`{ '/pkg/': dir }`) on loopback, with
 * each file's proper MIME type (`application/wasm` for .wasm); 404 otherwise.
 * Records every path served, and every path it could not.
 */
export async function startStaticServer(mounts) {
  const served = [];
  const missing = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204, { Connection: 'close' });
      return res.end();
    }
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!(file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep))) break;
      let target = file;
      if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
      if (!existsSync(target)) break;
      served.push(path);
      res.writeHead(200, {
        'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
        'Content-Length': statSync(target).size,
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      return createReadStream(target).pipe(res);
    }
    missing.push(path);
    res.writeHead(404, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end(`not found: ${path}`);
  });
  await listen(server);
  return { url: `http://127.0.0.1:${server.address().port}/`, served, missing, close: () => close(server) };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * The fenced code blocks of pkg/README.md, in order: `{ lang, code, line }`
 * (`line`: where the block's code starts, 1-based).
 */
export function readmeBlocks() {
  const lines = readFileSync(join(root, 'pkg/README.md'), 'utf8').split('\n');
  const blocks = [];
  let open;
  lines.forEach((text, index) => {
    const fence = /^```(\w*)\s*$/.exec(text);
    if (!fence) {
      open?.code.push(text);
    } else if (open) {
      blocks.push({ ...open, code: `${open.code.join('\n')}\n` });
      open = undefined;
    } else {
      open = { lang: fence[1], code: [], line: index + 2 };
    }
  });
  return blocks;
}

/** The README's esbuild build script (the one block that calls esbuild.build). */
export function readmeEsbuildScript() {
  const [block] = readmeBlocks().filter(({ code }) => code.includes('esbuild.build('));
  assert.ok(block, 'pkg/README.md has no esbuild build script');
  return block.code;
}

// ---------------------------------------------------------------------------
// Assertions on a tests/browser/pages/checks.mjs report, the same in every host.

/** The value of a report step, or a failure naming the step and its error. */
export function assertStep(step, what) {
  assert.ok(step?.ok, `${what} failed: ${step?.error}`);
  return step.value;
}

/** compile gives pinejs-client-core's string; bad options throw its plain Error. */
export function assertCompileSteps(report, expectedUrl) {
  assert.equal(assertStep(report.compile, 'compile'), expectedUrl);
  assert.deepEqual(assertStep(report.compileError, 'compile error'), { isError: true, message: "'$top' option has to be a number" });
}

/** The errors export, BalenaRequestError from the 500, BalenaNotLoggedIn after logout. */
export function assertErrorSteps(report) {
  const exported = assertStep(report.errorsExport, 'errors export');
  assert.equal(exported.names.length, 8, `classes found: ${exported.names}`);
  assert.equal(exported.sameAsSdk, true, 'sdk.errors holds the same classes');
  assert.deepEqual(exported.constructed, {
    isError: true,
    isClass: true,
    name: 'BalenaInvalidParameterError',
    code: 'BalenaInvalidParameterError',
    message: "Invalid parameter: abc is not a valid value for parameter 'uuidOrId'",
    parameterName: 'uuidOrId',
  });
  assert.deepEqual(assertStep(report.requestError, 'request error'), {
    isError: true,
    isClass: true,
    name: 'BalenaRequestError',
    code: 'BalenaRequestError',
    message: `Request error: ${BOOM_BODY.message}`,
    statusCode: 500,
  });
  assert.deepEqual(assertStep(report.notLoggedIn, 'getToken after logout'),
    { isClass: true, name: 'BalenaNotLoggedIn', code: 'BalenaNotLoggedIn', message: 'You have to log in' });
}

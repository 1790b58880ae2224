// The npm package in Debian's Chromium (Playwright, playwright-core):
// `npm pack` of pkg/ (built by `make build`) installed offline into temp
// folders, served from a loopback static server, and used the ways
// pkg/README.md shows, each with default settings:
// - a plain HTML page whose `<script type="module">` imports the installed
//   package's browser.mjs directly (no bundler);
// - a module Web Worker doing the same (the page never loads the package,
//   and posts its work right after creating the worker);
// - a `vite build` of a tiny app (tests/browser/vite-app), and of one whose
//   module Web Worker imports the package (tests/browser/vite-worker-app);
// - the `balena-api-key-wasm/extras` entry on a plain page and in a Vite
//   build (the same app, importing that entry instead);
// - a webpack 5 build (tests/browser/webpack-app, no configuration);
// - an esbuild ESM bundle (tests/browser/esbuild-app) built by the README's
//   build script, as pasted.
// Each runs tests/browser/pages/checks.mjs: getSdk right after the import,
// pine.compile before `ready` (the documented error) and after it
// (pinejs-client-core's string is the expectation), a real logged-in
// models.apiKey.getAll against a cross-origin loopback API with CORS (the
// Authorization header must arrive), a rejection's stack naming the caller,
// the errors export, BalenaRequestError from a 500, getToken after logout. No
// console error is allowed; each page's screenshot is saved under
// test-results/.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  API_KEY_ROWS,
  COMPILE_PARAMS,
  GET_ALL_TARGET,
  PACKAGE_NAME,
  TOKEN,
  assertCompileSteps,
  assertErrorSteps,
  assertStep,
  expectedCompile,
  installTarball,
  launchChromium,
  linkWorkspacePackage,
  packAndInstall,
  readmeEsbuildScript,
  root,
  run,
  startApiServer,
  startStaticServer,
} from '../browser/support.mjs';

const PAGE_TIMEOUT_MS = 30_000;
const resultsDir = join(root, 'test-results');
const version = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;

const require = createRequire(import.meta.url);
/** What pine.compile throws before the wasm has loaded (pkg/src/browser.mjs). */
const NOT_READY = 'balena-api-key-wasm: pine.compile needs the WebAssembly module, which has not loaded yet: await `ready` first';

let installation;
let api;
let site;
let browser;
let expectedUrl;

/** Runs vite's CLI in `appDir` with its defaults; the app is built into dist/. */
async function viteBuild(appDir) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  await run(process.execPath, [vite, 'build', '--base', './', '--logLevel', 'warn', '--outDir', 'dist', '--emptyOutDir'], { cwd: appDir, timeout: 120_000 });
  return join(appDir, 'dist');
}

/** webpack 5 with no configuration but the mode: src/index.js into dist/main.js (the folders the CLI would use in appDir). */
async function webpackBuild(appDir) {
  const webpack = require('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: 'production', context: appDir, output: { path: join(appDir, 'dist') } },
      (error, result) => (error ? reject(error) : resolve(result)));
  });
  if (stats.hasErrors() || stats.hasWarnings()) throw new Error(stats.toString('errors-warnings'));
  return appDir;
}

/** esbuild run by pkg/README.md's build script, as pasted: main.js into public/. */
async function esbuildBuild(appDir) {
  writeFileSync(join(appDir, 'build.mjs'), readmeEsbuildScript());
  linkWorkspacePackage(appDir, 'esbuild');
  await run(process.execPath, ['build.mjs'], { cwd: appDir, timeout: 120_000 });
  return appDir;
}

/**
 * The bundled apps: their sources in tests/browser/, how each is built, and
 * the package entry their sources import (`balena-api-key-wasm` unless said).
 */
const APPS = {
  vite: { source: 'vite-app', build: viteBuild },
  'vite-extras': { source: 'vite-app', build: viteBuild, entry: `${PACKAGE_NAME}/extras` },
  'vite-worker': { source: 'vite-worker-app', build: viteBuild },
  webpack: { source: 'webpack-app', build: webpackBuild },
  esbuild: { source: 'esbuild-app', build: esbuildBuild },
};

/** Copies the app, with checks.mjs and render.mjs beside its entry, installs the tarball, builds it. */
async function buildApp(name) {
  const { source, build, entry } = APPS[name];
  const appDir = join(installation.base, name);
  mkdirSync(appDir, { recursive: true });
  cpSync(join(root, 'tests/browser', source), appDir, { recursive: true });
  const entryDir = existsSync(join(appDir, 'src')) ? join(appDir, 'src') : appDir;
  if (entry) {
    const main = join(entryDir, 'main.js');
    writeFileSync(main, readFileSync(main, 'utf8').replace(`from '${PACKAGE_NAME}'`, `from '${entry}'`));
  }
  for (const file of ['checks.mjs', 'render.mjs']) cpSync(join(root, 'tests/browser/pages', file), join(entryDir, file));
  await installTarball(installation.base, name, installation.tarball, installation.npmEnv, { type: 'module' });
  return { served: await build(appDir) };
}

const built = {};

before(async () => {
  expectedUrl = expectedCompile();
  installation = await packAndInstall('browser');
  for (const name of Object.keys(APPS)) {
    built[name] = await buildApp(name).catch((error) => ({ error }));
  }
  api = await startApiServer();
  site = await startStaticServer({
    '/pkg/': installation.installed,
    '/pages/': join(root, 'tests/browser/pages'),
    ...Object.fromEntries(Object.entries(built).filter(([, app]) => app.served).map(([name, app]) => [`/${name}/`, app.served])),
  });
  browser = await launchChromium({ timeout: PAGE_TIMEOUT_MS });
  mkdirSync(resultsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await api?.close();
  if (installation && !process.env.KEEP_PACKAGE_TMP) rmSync(installation.base, { recursive: true, force: true });
});

/** Opens `path` in a fresh context; resolves the page's report and what the console said. */
async function openPage(path, screenshotName) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const watchConsole = (where) => (message) => {
    // The browser itself logs the deliberate 500 (the BalenaRequestError check): not a problem.
    if (message.type() === 'error' && !message.location()?.url?.includes('boom')) {
      problems.push(`${where} console.error: ${message.text()} (${message.location()?.url})`);
    }
  };
  page.on('console', watchConsole('page'));
  let failFast;
  const pageFailed = new Promise((_, reject) => {
    failFast = reject;
  });
  pageFailed.catch(() => {});
  page.on('pageerror', (error) => {
    problems.push(`page error: ${error.message}`);
    failFast(new Error(`the page threw: ${error.message}`));
  });
  page.on('worker', (worker) => worker.on('console', watchConsole('worker')));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().includes('boom')) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const query = new URLSearchParams({ api: api.url, token: TOKEN, compile: JSON.stringify(COMPILE_PARAMS) });
  const started = Date.now();
  try {
    await page.goto(`${site.url}${path.replace(/^\//, '')}?${query}`, { timeout: PAGE_TIMEOUT_MS });
    await Promise.race([page.waitForFunction(() => document.body.dataset.done === 'true', null, { timeout: PAGE_TIMEOUT_MS }), pageFailed]);
    const report = await page.evaluate(() => window.__report);
    return { report, problems, ms: Date.now() - started };
  } finally {
    await page.screenshot({ path: join(resultsDir, `${screenshotName}.png`), fullPage: true }).catch(() => {});
    await context.close();
  }
}

const HOSTS = [
  { name: 'browser ESM page, no bundler', path: '/pages/page.html', screenshot: 'package-browser-esm' },
  { name: 'module Web Worker', path: '/pages/worker.html', screenshot: 'package-browser-worker', worker: true },
  { name: 'Vite build', path: '/vite/index.html', screenshot: 'package-browser-vite', app: 'vite' },
  { name: 'module Web Worker in a Vite build', path: '/vite-worker/index.html', screenshot: 'package-browser-vite-worker', app: 'vite-worker', worker: true },
  { name: 'webpack 5 build', path: '/webpack/index.html', screenshot: 'package-browser-webpack', app: 'webpack' },
  { name: 'esbuild ESM bundle', path: '/esbuild/index.html', screenshot: 'package-browser-esbuild', app: 'esbuild' },
  { name: 'extras entry, browser ESM page', path: '/pages/extras-page.html', screenshot: 'package-browser-extras', entry: 'extras-browser.mjs', extras: true },
  { name: 'extras entry in a Vite build', path: '/vite-extras/index.html', screenshot: 'package-browser-vite-extras', app: 'vite-extras', extras: true },
];

/** What `sdk.extras.apiKey` holds on the extras entry's sdk (the main entry's has no `extras`). */
const EXTRAS_METHODS = ['create', 'rotate', 'getExpiring'];

/** The .wasm files a bundler emitted for `app`, as served paths. */
function emittedWasm(app) {
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
  const { served } = built[app];
  return files(served).filter((file) => file.endsWith('.wasm')).map((file) => `/${app}/${file.slice(served.length + 1)}`);
}

for (const host of HOSTS) {
  describe(`installed package in Chromium: ${host.name}`, () => {
    let result;
    let requestsBefore;

    before(async () => {
      if (host.app && built[host.app].error) return;
      requestsBefore = api.requests.length;
      result = await openPage(host.path, host.screenshot);
      result.requests = api.requests.slice(requestsBefore);
    });

    if (host.app) {
      test(`the ${host.app} build of an app depending on the installed package succeeds`, () => {
        assert.ok(!built[host.app].error, `${host.app} build failed: ${built[host.app].error?.stack}`);
      });
    }

    test('the page loads the package, the wasm inside it, with no request for a .wasm and no console error', () => {
      assert.ok(result, 'the page was not opened');
      assert.deepEqual(result.problems, []);
      if (host.app) {
        assert.deepEqual(emittedWasm(host.app), [], 'the bundler emitted no .wasm file');
      } else {
        const entry = host.entry ?? 'browser.mjs';
        assert.ok(site.served.includes(`/pkg/${entry}`), `${entry} was served from the installed package`);
      }
      assert.deepEqual(site.served.filter((path) => path.endsWith('.wasm')), [], 'no page fetched a .wasm file');
      if (host.worker) assert.deepEqual(assertStep(result.report.host, 'worker host'), { isWorker: true });
    });

    test(`getSdk returns the sdk synchronously, with auth, models.apiKey and pine${host.extras ? ', and extras.apiKey' : ''}`, () => {
      assert.ok(result, 'the page was not opened');
      const sdk = assertStep(result.report.getSdk, 'getSdk');
      assert.equal(sdk.isPromise, false);
      assert.ok(sdk.auth.includes('loginWithToken') && sdk.apiKey.includes('getAll') && sdk.pine.includes('compile'), JSON.stringify(sdk));
      assert.deepEqual(sdk.extras, host.extras ? EXTRAS_METHODS : []);
    });

    test('pine.compile throws the documented error before `ready`, and returns what pinejs-client-core returns after it', () => {
      assert.ok(result, 'the page was not opened');
      assert.deepEqual(assertStep(result.report.compileBeforeReady, 'compile before ready'), { error: NOT_READY });
      assert.equal(assertStep(result.report.ready, 'ready'), undefined);
      assertCompileSteps(result.report, expectedUrl);
    });

    test('a logged-in getAll crosses origins with CORS and resolves the rows', () => {
      assert.ok(result, 'the page was not opened');
      assert.deepEqual(assertStep(result.report.getAll, 'getAll'), API_KEY_ROWS);
      const request = result.requests.find((req) => req.method === 'GET' && req.target === GET_ALL_TARGET);
      assert.ok(request, `no GET ${GET_ALL_TARGET} among ${result.requests.map((req) => `${req.method} ${req.target}`).join(', ')}`);
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers.origin, site.url.replace(/\/$/, ''), 'a cross-origin request from the page');
      assert.equal(request.headers['x-balena-client'], `${PACKAGE_NAME}/${version}`);
      assert.ok(result.requests.some((req) => req.method === 'OPTIONS' && req.target === GET_ALL_TARGET), 'a CORS preflight was sent');
    });

    if (!host.app) {
      // Bundlers rename the caller in their minified output: only unbundled hosts can look for its name.
      test("a rejection's stack names the function that made the call", () => {
        assert.ok(result, 'the page was not opened');
        assert.deepEqual(assertStep(result.report.callerFrames, 'caller frames'), { isRequestError: true, namesCaller: true });
      });
    }

    test('errors: the classes, instanceof, name and code survive (also minified)', () => {
      assert.ok(result, 'the page was not opened');
      assertErrorSteps(result.report);
      assert.deepEqual(
        assertStep(result.report.tokenStorage, 'token storage'),
        host.worker
          ? { stored: 'no localStorage', again: 'BalenaNotLoggedIn', removed: true }
          : { stored: 'tok_stored', again: 'tok_stored', removed: true },
      );
    });
  });
}

// The npm package in Debian's Chromium (Playwright, playwright-core):
// `npm pack` of pkg/ (built by `make build`) installed offline into a temp
// folder, served from a loopback static server (`.wasm` as application/wasm),
// and used three ways:
// - a plain HTML page whose `<script type="module">` imports the installed
//   package's browser.mjs directly (no bundler);
// - a module Web Worker doing the same (the page never loads the package);
// - a `vite build` of a tiny app (tests/browser/vite-app) depending on the
//   installed package, served statically.
// Each runs tests/browser/pages/checks.mjs: getSdk, a real pine.compile
// (pinejs-client-core's string is the expectation), a real logged-in
// models.apiKey.getAll against a cross-origin loopback API with CORS (the
// Authorization header must arrive), the errors export, BalenaRequestError
// from a 500, getToken after logout. No console error is allowed; each
// page's screenshot is saved under test-results/.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
  packAndInstall,
  root,
  run,
  startApiServer,
  startStaticServer,
} from '../browser/support.mjs';

const PAGE_TIMEOUT_MS = 30_000;
const resultsDir = join(root, 'test-results');
const version = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;

let installation;
let api;
let site;
let browser;
let expectedUrl;
let viteBuild;

async function buildViteApp() {
  const source = join(root, 'tests/browser/vite-app');
  const appDir = join(installation.base, 'vite-app');
  mkdirSync(appDir, { recursive: true });
  cpSync(source, appDir, { recursive: true });
  for (const file of ['checks.mjs', 'render.mjs']) cpSync(join(root, 'tests/browser/pages', file), join(appDir, file));
  await installTarball(installation.base, 'vite-app', installation.tarball, installation.npmEnv, { type: 'module' });
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const started = Date.now();
  const { stdout, stderr } = await run(process.execPath, [vite, 'build', '--base', '/vite/', '--logLevel', 'warn', '--outDir', 'dist', '--emptyOutDir'],
    { cwd: appDir, timeout: 120_000 });
  return { dist: join(appDir, 'dist'), ms: Date.now() - started, output: `${stdout}${stderr}`.trim() };
}

before(async () => {
  expectedUrl = expectedCompile();
  installation = await packAndInstall('browser');
  viteBuild = await buildViteApp().catch((error) => ({ error }));
  api = await startApiServer();
  site = await startStaticServer({
    '/pkg/': installation.installed,
    '/pages/': join(root, 'tests/browser/pages'),
    ...(viteBuild.dist ? { '/vite/': viteBuild.dist } : {}),
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
    // wasm-bindgen's glue warns when the .wasm is not served as application/wasm.
    if (message.type() === 'warning' && message.text().includes('application/wasm')) problems.push(`${where} MIME warning: ${message.text()}`);
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
  { name: 'module Web Worker', path: '/pages/worker.html', screenshot: 'package-browser-worker' },
  { name: 'Vite build', path: '/vite/index.html', screenshot: 'package-browser-vite', vite: true },
];

for (const host of HOSTS) {
  describe(`installed package in Chromium: ${host.name}`, () => {
    let result;
    let requestsBefore;

    before(async () => {
      if (host.vite && viteBuild.error) return;
      requestsBefore = api.requests.length;
      result = await openPage(host.path, host.screenshot);
      result.requests = api.requests.slice(requestsBefore);
    });

    if (host.vite) {
      test('vite build of an app depending on the installed package succeeds', () => {
        assert.ok(!viteBuild.error, `vite build failed: ${viteBuild.error?.message}`);
        assert.ok(existsSync(join(viteBuild.dist, 'index.html')));
      });
    }

    test('the page loads the package and the wasm with no console error', () => {
      assert.ok(result, 'the page was not opened');
      assert.deepEqual(result.problems, []);
      if (host.vite) {
        // Vite emits the wasm as an asset (or inlines it when under 4 KiB): an emitted one must have been fetched.
        const emitted = readdirSync(join(viteBuild.dist, 'assets')).filter((file) => file.endsWith('.wasm'));
        for (const file of emitted) assert.ok(site.served.includes(`/vite/assets/${file}`), `the bundle fetched ${file}`);
      } else {
        assert.ok(site.served.includes('/pkg/browser.mjs'), 'browser.mjs was served from the installed package');
        assert.ok(site.served.includes('/pkg/dist/balena_api_key_bg.wasm'), 'the wasm was served from the installed package');
      }
      if (host.path.includes('worker')) assert.deepEqual(assertStep(result.report.host, 'worker host'), { isWorker: true });
    });

    test('getSdk returns the sdk synchronously, with auth, models.apiKey and pine', () => {
      assert.ok(result, 'the page was not opened');
      const sdk = assertStep(result.report.getSdk, 'getSdk');
      assert.equal(sdk.isPromise, false);
      assert.ok(sdk.auth.includes('loginWithToken') && sdk.apiKey.includes('getAll') && sdk.pine.includes('compile'), JSON.stringify(sdk));
    });

    test('pine.compile returns what pinejs-client-core returns', () => {
      assert.ok(result, 'the page was not opened');
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

    test('errors: the classes, instanceof, name and code survive (also minified)', () => {
      assert.ok(result, 'the page was not opened');
      assertErrorSteps(result.report);
      assert.deepEqual(
        assertStep(result.report.tokenStorage, 'token storage'),
        host.path.includes('worker')
          ? { stored: 'no localStorage', again: 'BalenaNotLoggedIn', removed: true }
          : { stored: 'tok_stored', again: 'tok_stored', removed: true },
      );
    });
  });
}

// Every code block of pkg/README.md runs as pasted, against the packed
// package installed in a fresh folder (`npm pack`, as package-install does)
// and a loopback API (tests/browser/support.mjs) standing in for
// https://api.balena-cloud.com/ (a preload, tests/js/helpers/redirect-fetch.mjs,
// sends the snippets' requests there; BALENA_API_KEY is the token it accepts):
// - a js block that imports or requires the package is a program: a .mjs
//   (or .cjs) file run by node;
// - a js block of the API reference uses `balena` (logged in), `authToken`,
//   `apiKeyName` and `apiKeyDescription`: it runs after a prelude that makes
//   them, in a block of its own (so it may declare `balena` again); `balena`
//   comes from the `extras` entry in blocks that use `balena.extras`;
// - the ts block is type-checked against the installed package;
// - the html blocks run in Chromium: the page snippet alone and with the
//   preload hint (which must be used: one fetch of browser.mjs, none of a
//   .wasm, no warning);
// - the worker pair (main.js, worker.js) is bundled by Vite and run there;
// - the esbuild build script runs in package-browser.test.mjs (its esbuild
//   host is built with it).
// Each program must exit 0 within the time limit, with no unhandled rejection.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  TOKEN,
  installTarball,
  launchChromium,
  packAndInstall,
  readmeBlocks,
  root,
  run,
  startApiServer,
  startStaticServer,
} from '../browser/support.mjs';

const PUBLIC_API = 'https://api.balena-cloud.com/';
const CHILD_TIMEOUT_MS = 20_000;
const PAGE_TIMEOUT_MS = 20_000;
const redirectFetch = pathToFileURL(join(root, 'tests/js/helpers/redirect-fetch.mjs')).href;

/** What the API reference snippets find already made, from `entry`. */
const referencePrelude = (entry) => `import { getSdk, errors } from '${entry}';
const balena = getSdk({ apiUrl: 'https://api.balena-cloud.com/', dataDirectory: false });
const authToken = process.env.BALENA_API_KEY;
await balena.auth.loginWithToken(authToken);
const apiKeyName = 'README snippet';
const apiKeyDescription = 'made by a README snippet';
`;

const blocks = readmeBlocks();
const isProgram = ({ code }) => /^(import\b.*from 'balena-api-key-wasm(\/extras)?'|.*require\('balena-api-key-wasm(\/extras)?'\))/m.test(code);
const isBrowserOnly = ({ code }) => /\bself\.|new Worker\(/.test(code);
const isBuildScript = ({ code }) => code.includes('esbuild.build(');
const jsBlocks = blocks.filter((block) => block.lang === 'js' && !isBrowserOnly(block) && !isBuildScript(block));
const label = (block) => `pkg/README.md:${block.line}: ${block.code.split('\n').find((line) => line.trim()).trim()}`;

let installation;
let api;

before(async () => {
  installation = await packAndInstall('readme');
  api = await startApiServer();
});

after(async () => {
  await api?.close();
  if (installation && !process.env.KEEP_PACKAGE_TMP) rmSync(installation.base, { recursive: true, force: true });
});

/** Runs `file` (in the installed folder) with node and the fetch redirect; resolves stdout, rejects with the output. */
function runSnippet(file) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SNIPPET_API_URL: api.url, BALENA_API_KEY: TOKEN };
    execFile(process.execPath, ['--import', redirectFetch, file], { cwd: installation.appDir, env, timeout: CHILD_TIMEOUT_MS },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout)));
  });
}

test('the README has the blocks this test knows how to run', () => {
  assert.deepEqual([...new Set(blocks.map((block) => block.lang))].sort(), ['html', 'js', 'sh', 'ts']);
  assert.equal(blocks.filter(isBuildScript).length, 1);
  assert.equal(blocks.filter(isBrowserOnly).length, 2);
  assert.ok(jsBlocks.filter(isProgram).length >= 5, 'programs');
});

describe('js blocks run as pasted in Node', () => {
  jsBlocks.forEach((block, index) => {
    test(label(block), async () => {
      const program = isProgram(block);
      const commonJs = program && !/^import\b/m.test(block.code);
      const file = `snippet-${index}.${commonJs ? 'cjs' : 'mjs'}`;
      const entry = block.code.includes('balena.extras.') ? 'balena-api-key-wasm/extras' : 'balena-api-key-wasm';
      writeFileSync(join(installation.appDir, file), program ? block.code : `${referencePrelude(entry)}{\n${block.code}}\n`);
      await runSnippet(file);
    });
  });

  test('the first snippet logs in and prints the named keys it got', async () => {
    const stdout = await runSnippet('snippet-0.mjs');
    assert.match(stdout, /name: 'alpha'/);
    assert.ok(api.requests.some((req) => req.method === 'GET' && req.target.startsWith('/v7/api_key?') && req.headers.authorization === `Bearer ${TOKEN}`));
  });
});

test('the ts block type-checks against the installed package', async () => {
  const [block] = blocks.filter(({ lang }) => lang === 'ts');
  const dir = installation.appDir;
  writeFileSync(join(dir, 'snippet.mts'), block.code);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], lib: ['es2022', 'dom'] },
    files: ['snippet.mts'],
  }));
  await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir })
    .catch((error) => assert.fail(error.message));
});

describe('browser blocks run as pasted in Chromium', () => {
  let browser;
  let site;
  let workerApp;
  const [pageBlock, hintsBlock] = blocks.filter(({ lang }) => lang === 'html');
  const [mainBlock, workerBlock] = blocks.filter(isBrowserOnly);

  before(async () => {
    const dir = installation.appDir;
    writeFileSync(join(dir, 'page.html'), `<!doctype html>\n<html><head><title>page</title></head><body>\n${pageBlock.code}</body></html>\n`);
    writeFileSync(join(dir, 'hints.html'), `<!doctype html>\n<html><head><title>hints</title>\n${hintsBlock.code}</head><body>\n${pageBlock.code}</body></html>\n`);
    workerApp = join(installation.base, 'worker-app');
    mkdirSync(workerApp, { recursive: true });
    writeFileSync(join(workerApp, 'index.html'), '<!doctype html>\n<html><head><title>worker</title></head><body><script type="module" src="./main.js"></script></body></html>\n');
    writeFileSync(join(workerApp, 'main.js'), mainBlock.code);
    writeFileSync(join(workerApp, 'worker.js'), workerBlock.code);
    await installTarball(installation.base, 'worker-app', installation.tarball, installation.npmEnv, { type: 'module' });
    await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--base', './', '--logLevel', 'warn'], { cwd: workerApp });
    site = await startStaticServer({ '/worker/': join(workerApp, 'dist'), '/': installation.appDir });
    browser = await launchChromium({ timeout: PAGE_TIMEOUT_MS });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  /**
   * Opens `path` with the public API's requests answered by the loopback
   * one; resolves the console messages once one says whether the user is
   * logged in.
   */
  async function consoleOf(path) {
    const context = await browser.newContext();
    await context.route(`${PUBLIC_API}**`, async (route) => {
      route.fulfill({ response: await route.fetch({ url: api.url + route.request().url().slice(PUBLIC_API.length) }) });
    });
    const page = await context.newPage();
    const messages = [];
    const said = new Promise((resolve) => {
      const listen = (where) => (message) => {
        // The browser's own report of the API's 401 to whoami (the answer isLoggedIn expects).
        if (message.location()?.url?.startsWith(PUBLIC_API)) return;
        messages.push(`${where} ${message.type()}: ${message.text()}`);
        if (/logged in/.test(message.text())) resolve();
      };
      page.on('console', listen('page'));
      page.on('worker', (worker) => worker.on('console', listen('worker')));
    });
    page.on('pageerror', (error) => messages.push(`uncaught: ${error.message}`));
    try {
      await page.goto(`${site.url}${path}`);
      await Promise.race([said, new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS))]);
      return messages;
    } finally {
      await context.close();
    }
  }

  test(label(pageBlock), async () => {
    assert.deepEqual(await consoleOf('page.html'), ['page log: not logged in']);
  });

  test('the preload hint is used: browser.mjs is fetched once, and no .wasm', async () => {
    const before = site.served.length;
    assert.deepEqual(await consoleOf('hints.html'), ['page log: not logged in']);
    const served = site.served.slice(before);
    assert.equal(served.filter((path) => path.endsWith('/browser.mjs')).length, 1, served.join(', '));
    assert.equal(served.filter((path) => path.endsWith('.wasm')).length, 0, served.join(', '));
  });

  test(`${label(mainBlock)} and ${label(workerBlock)}, bundled by Vite`, async () => {
    assert.deepEqual(await consoleOf('worker/index.html'), ['page log: not logged in']);
  });
});

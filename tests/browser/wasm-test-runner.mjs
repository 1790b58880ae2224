// A cargo runner for `cargo test --target wasm32-unknown-unknown` that runs
// the wasm-bindgen tests in headless Chromium driven by Playwright.
//
// wasm-bindgen-test-runner serves the test page (its interactive mode) and
// this script drives the browser instead of chromedriver, which stalled on
// page load in about one run in three here. The runner's freshly started
// server can also leave the very first page load hanging (about one in eight
// here), so a load that has not finished within LOAD_TIMEOUT_MS is tried again
// in a new page; the tests themselves run once and their verdict is final.
//
// Usage (what the Makefile does):
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="node tests/browser/wasm-test-runner.mjs" \
//     cargo test --target wasm32-unknown-unknown --test wasm
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { launchChromium } from './support.mjs';

const LOAD_TIMEOUT_MS = 8_000;
const LOAD_ATTEMPTS = 3;
const RUN_TIMEOUT_MS = 120_000;

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts wasm-bindgen-test-runner in server mode and resolves once it serves. */
async function startTestServer(args) {
  const port = await freePort();
  const child = spawn('wasm-bindgen-test-runner', args, {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_USE_BROWSER: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('available at')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wasm-bindgen-test-runner exited (${code}) before serving:\n${log}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** Opens the test page, retrying a load that stalls, and returns the harness output. */
async function runInPage(browser, url) {
  for (let attempt = 1; attempt <= LOAD_ATTEMPTS; attempt++) {
    const page = await browser.newPage();
    try {
      await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    } catch (error) {
      await page.close();
      if (attempt === LOAD_ATTEMPTS) throw error;
      console.error(`test page load stalled (attempt ${attempt}); trying again`);
      continue;
    }
    await page.waitForFunction(() => document.body.innerText.includes('test result: '), null, { timeout: RUN_TIMEOUT_MS });
    return page.innerText('#output');
  }
}

const server = await startTestServer(process.argv.slice(2));
let browser;
let output = '';
try {
  browser = await launchChromium();
  console.log('Running the wasm tests in headless Chromium (Playwright)');
  output = await runInPage(browser, server.url);
  console.log(output);
} catch (error) {
  console.error(error);
} finally {
  await browser?.close();
  server.stop();
}
process.exitCode = /test result: ok\./.test(output) ? 0 : 1;

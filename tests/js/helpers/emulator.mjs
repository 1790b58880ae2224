// Starts the api-emulator binary (target/release/api-emulator, built by
// `cargo build --release -p api-emulator`) on a free loopback port, waits for
// the URL line it prints, and stops it again. Also: the SDKs the emulator
// scenarios run with.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);

export const EMULATOR_BIN = process.env.API_EMULATOR_BIN ?? join(root, 'target/release/api-emulator');
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Spawns the emulator with `--port 0 --token <token>`; resolves once it
 * printed `listening on http://…`. Returns `{ url, token, pid, output(), api(), stop() }`.
 */
export async function startEmulator({ token = `emulator-test-${process.pid}-${Date.now()}`, args = [] } = {}) {
  if (!existsSync(EMULATOR_BIN)) {
    throw new Error(`${EMULATOR_BIN} is missing: run cargo build --release -p api-emulator`);
  }
  const child = spawn(EMULATOR_BIN, ['--port', '0', '--token', token, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`api-emulator ${why}; output so far:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
  });
  return {
    url,
    token,
    pid: child.pid,
    output: () => output,
    /** A raw request with the session token (or `auth`): `{ status, body }`, body JSON when it is JSON. */
    async api(path, { method = 'GET', auth = token, body } = {}) {
      const headers = auth ? { Authorization: `Bearer ${auth}` } : {};
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      const json = (response.headers.get('content-type') ?? '').includes('application/json');
      return { status: response.status, body: json ? JSON.parse(text) : text };
    },
    /** SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT_MS. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The SDKs to run emulator scenarios with, each `{ label, makeSdk(apiUrl) }`.
 * `EMULATOR_SDKS` is a comma-separated choice of `balena-sdk` and
 * `balena-api-key-wasm` (the package in pkg/, built by `make build`); both
 * by default, since both passing is what shows the emulator is faithful and
 * the package right.
 */
export async function emulatorSdks() {
  const choices = (process.env.EMULATOR_SDKS ?? 'balena-sdk,balena-api-key-wasm').split(',').map((s) => s.trim()).filter(Boolean);
  const sdks = [];
  for (const choice of choices) {
    if (choice === 'balena-sdk') {
      const { getSdk } = require('balena-sdk');
      sdks.push({ label: 'balena-sdk@23.2.15', makeSdk: (apiUrl) => getSdk({ apiUrl, isBrowser: false, dataDirectory: false }) });
    } else if (choice === 'balena-api-key-wasm') {
      const { version } = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
      const { getSdk } = await import(join(root, 'pkg/index.mjs'));
      sdks.push({ label: `balena-api-key-wasm@${version}`, makeSdk: (apiUrl) => getSdk({ apiUrl, isBrowser: false, dataDirectory: false }) });
    } else {
      throw new Error(`EMULATOR_SDKS: unknown sdk '${choice}' (balena-sdk or balena-api-key-wasm)`);
    }
  }
  return sdks;
}

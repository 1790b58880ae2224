// examples/lifecycle.mjs, the library example, runs as a child process
// against the API emulator and prints each step of a key's life.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './helpers/emulator.mjs';

const LIFECYCLE = fileURLToPath(new URL('../../examples/lifecycle.mjs', import.meta.url));

test('examples/lifecycle.mjs runs a key through its life against the API given by --api-url and --token', async () => {
  const emulator = await startEmulator();
  try {
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [LIFECYCLE, '--api-url', emulator.url, '--token', emulator.token], { timeout: 15_000 },
        (error, out, err) => resolve({ code: error?.code ?? 0, stdout: out, stderr: err }));
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /logged in to .* as demo/);
    assert.match(stdout, /revoked key \d+: gone/);
    assert.match(stdout, /BalenaApplicationNotFound: Application not found: no-such\/app \(instanceof: true\)/);
  } finally {
    await emulator.stop();
  }
});

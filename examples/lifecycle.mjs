#!/usr/bin/env node
// One API key's life through balena-api-key-wasm: who am I, list the named
// keys, create a key, rename it and clear its expiry, list the provisioning
// keys of an application and the keys of a device, revoke the key, and what
// a missing application looks like as an error.
//
//   node examples/lifecycle.mjs                                  # against the local emulator
//   node examples/lifecycle.mjs --api-url https://api.balena-cloud.com/ --token "$TOKEN"
//
// Without an API URL (--api-url or BALENA_API_URL) it starts the API emulator
// (target/release/api-emulator, `make emulator`) on a free port, uses its
// session token and stops it on exit, Ctrl-C included. Against a real API,
// creating a key needs a session token from a fresh login (an API key is
// refused); the key it creates is revoked again before it exits.
//
// It imports balena-api-key-wasm from this checkout (../pkg/index.mjs); in your
// own project the same code imports 'balena-api-key-wasm', the installed package.
// (For everyday work on keys the package ships a command: npx balena-api-key-wasm --help.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errors, getSdk } from '../pkg/index.mjs'; // 'balena-api-key-wasm' once installed

const USAGE = `Usage: node examples/lifecycle.mjs [--api-url URL --token TOKEN]

Runs one API key through its life (create, update, list, revoke) and prints
each step. Without an API URL it starts the local API emulator and uses it.

  --api-url URL   the balena API (default: $BALENA_API_URL; none: the emulator)
  --token TOKEN   a session token from a fresh login (default: $BALENA_TOKEN)
  -h, --help      this text
`;

const EMULATOR_TOKEN = 'demo-session-token';

async function startEmulator() {
  const binary = fileURLToPath(new URL('../target/release/api-emulator', import.meta.url));
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run make emulator, or pass --api-url`);
  const child = spawn(binary, ['--port', '0', '--token', EMULATOR_TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill());
  process.on('SIGINT', () => process.exit(130));
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    console.log(`  emulator | ${line}`);
    const match = line.match(/listening on (http:\/\/\S+)/);
    if (match) {
      lines.on('line', (more) => console.log(`  emulator | ${more}`));
      return { child, url: match[1] };
    }
  }
  throw new Error(`the emulator (${binary}) exited before it printed its URL`);
}

const table = (rows) =>
  console.table(rows.map(({ id, name, description, expiry_date }) => ({ id, name, description, expiry_date })));

async function lifecycle(apiUrl, token) {
  // dataDirectory: false keeps the token in memory, away from ~/.balena/token.
  const balena = getSdk({ apiUrl, dataDirectory: false });
  await balena.auth.loginWithToken(token);
  const me = await balena.auth.whoami();
  console.log(`\nlogged in to ${apiUrl} as ${me?.username ?? 'an unknown actor'} (actor ${await balena.auth.getActorId()})`);

  console.log('\nnamed API keys of the current user:');
  table(await balena.models.apiKey.getAllNamedUserApiKeys());

  const name = `lifecycle example ${Date.now()}`;
  const key = await balena.models.apiKey.create({ name, expiryDate: '2030-10-12', description: 'made by examples/lifecycle.mjs' });
  console.log(`\ncreated the key '${name}' (shown once): ${key}`);

  const [created] = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { name }, $select: ['id'] });
  try {
    await balena.models.apiKey.update(created.id, { name: `${name} (renamed)`, expiryDate: null });
    console.log(`renamed key ${created.id} and removed its expiry date:`);
    table(await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { id: created.id } }));

    const [app] = await balena.pine.get({ resource: 'application', options: { $select: ['slug'], $top: 1 } });
    if (app) {
      console.log(`\nprovisioning keys of ${app.slug}:`);
      table(await balena.models.apiKey.getProvisioningApiKeysByApplication(app.slug));
    }
    const [device] = await balena.pine.get({ resource: 'device', options: { $select: ['uuid'], $top: 1 } });
    if (device) {
      console.log(`device keys of ${device.uuid}:`);
      table(await balena.models.apiKey.getDeviceApiKeysByDevice(device.uuid));
    }
  } finally {
    await balena.models.apiKey.revoke(created.id);
  }
  const left = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { id: created.id } });
  console.log(`\nrevoked key ${created.id}: ${left.length === 0 ? 'gone' : 'still there!'}`);

  try {
    await balena.models.apiKey.getProvisioningApiKeysByApplication('no-such/app');
  } catch (error) {
    console.log(`a missing application is reported as ${error.name}: ${error.message} (instanceof: ${error instanceof errors.BalenaApplicationNotFound})`);
  }
  console.log(`\nfinished: the package did every call against ${apiUrl}.`);
}

async function main() {
  const { values } = parseArgs({ options: { 'api-url': { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const apiUrl = values['api-url'] ?? process.env.BALENA_API_URL;
  if (apiUrl !== undefined) {
    const token = values.token ?? process.env.BALENA_TOKEN;
    if (!token) throw new Error('no token: pass --token TOKEN or set BALENA_TOKEN');
    await lifecycle(apiUrl, token);
    return;
  }
  const { child, url } = await startEmulator();
  try {
    await lifecycle(url, EMULATOR_TOKEN);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}${error.code ? ` (${error.code})` : ''}`);
  process.exitCode = 1;
});

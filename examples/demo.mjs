// `make demo`: starts the local balena API emulator, then runs the package
// through a full API-key lifecycle against it, printing what happens.
// Stops the emulator on exit (also on Ctrl-C).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getSdk, errors } from '../pkg/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const token = 'demo-session-token';

async function startEmulator() {
  const child = spawn(`${root}target/release/api-emulator`, ['--port', '0', '--token', token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  throw new Error('the emulator exited before it printed its URL');
}

const table = (rows) =>
  console.table(rows.map(({ id, name, description, expiry_date }) => ({ id, name, description, expiry_date })));

const { child, url } = await startEmulator();
try {
  const balena = getSdk({ apiUrl: url, dataDirectory: false });
  await balena.auth.loginWithToken(token);
  const me = await balena.auth.whoami();
  console.log(`\nlogged in to ${url} as ${me.username} (actor ${me.id})`);

  console.log('\nnamed API keys of the current user:');
  table(await balena.models.apiKey.getAllNamedUserApiKeys());

  const key = await balena.models.apiKey.create({ name: 'demo key', expiryDate: '2030-10-12', description: 'made by make demo' });
  console.log(`\ncreated a key (shown once): ${key}`);

  const [created] = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { name: 'demo key' }, $select: ['id'] });
  await balena.models.apiKey.update(created.id, { name: 'demo key (renamed)', expiryDate: null });
  console.log(`renamed key ${created.id} and removed its expiry date:`);
  table(await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { id: created.id } }));

  const app = (await balena.pine.get({ resource: 'application', options: { $select: ['slug'], $top: 1 } }))[0];
  console.log(`\nprovisioning keys of ${app.slug}:`);
  table(await balena.models.apiKey.getProvisioningApiKeysByApplication(app.slug));

  const device = (await balena.pine.get({ resource: 'device', options: { $select: ['uuid'], $top: 1 } }))[0];
  console.log(`device keys of ${device.uuid}:`);
  table(await balena.models.apiKey.getDeviceApiKeysByDevice(device.uuid));

  await balena.models.apiKey.revoke(created.id);
  const left = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { id: created.id } });
  console.log(`\nrevoked key ${created.id}: ${left.length === 0 ? 'gone' : 'still there!'}`);

  try {
    await balena.models.apiKey.getProvisioningApiKeysByApplication('no-such/app');
  } catch (error) {
    console.log(`a missing application is reported as ${error.name}: ${error.message} (instanceof: ${error instanceof errors.BalenaApplicationNotFound})`);
  }
  console.log('\ndemo finished: the package did every call against the emulator.');
} finally {
  child.kill();
  await once(child, 'exit');
}

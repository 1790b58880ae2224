// The helpers beyond balena-sdk (`sdk.extras.apiKey`) against the seeded
// emulator: a rotation that the API sees (new key valid, old key gone,
// name, description and lifetime kept), one whose revoke fails (both keys
// valid, the new one handed over but never printed), and the expiry audit
// across every kind of key, with progress, a fleet, and 10,000 keys.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { getSdk, errors } from '../../pkg/extras.mjs';
import * as dropIn from '../../pkg/index.mjs';
import { startEmulator } from './helpers/emulator.mjs';

const DAY_MS = 86_400_000;

/** A logged-in sdk on `emulator`, its token in memory; `fetch` optional. */
async function sdkOn(emulator, fetch) {
  const sdk = getSdk({ apiUrl: `${emulator.url}/`, dataDirectory: false, ...(fetch && { fetch }) });
  await sdk.auth.loginWithToken(emulator.token);
  return sdk;
}

/** The user's named key called `name`, with every field the helpers read. */
async function namedKey(sdk, name) {
  const [key] = await sdk.models.apiKey.getAllNamedUserApiKeys({
    $select: ['id', 'name', 'description', 'created_at', 'expiry_date'],
    $filter: { name },
  });
  return key;
}

/** Whether the API accepts `key` (whoami answers 200). */
async function accepted(emulator, key) {
  return (await emulator.api('/actor/v1/whoami', { auth: key })).status === 200;
}

test('the helpers come with the extras entry only; the error classes are the same', () => {
  assert.equal(dropIn.getSdk({ dataDirectory: false }).extras, undefined);
  assert.deepEqual(Object.keys(getSdk({ dataDirectory: false }).extras.apiKey), ['create', 'rotate', 'getExpiring']);
  assert.deepEqual(Object.keys(errors), Object.keys(dropIn.errors));
});

describe('create', () => {
  let emulator;
  before(async () => { emulator = await startEmulator(); });
  after(() => emulator.stop());

  test('makes a key and tells its id', async () => {
    const sdk = await sdkOn(emulator);
    const created = await sdk.extras.apiKey.create({ name: 'with-id', description: 'CI', expiryDate: '2030-01-01T00:00:00.000Z' });
    assert.deepEqual(Object.keys(created), ['id', 'key']);
    const row = await namedKey(sdk, 'with-id');
    assert.deepEqual([created.id, row.description, row.expiry_date], [row.id, 'CI', '2030-01-01T00:00:00.000Z']);
    assert.equal(await accepted(emulator, created.key), true);
  });

  test('an API key may not make keys: BalenaNotLoggedIn; bad params are refused before any request', async () => {
    const sdk = await sdkOn(emulator);
    const { key } = await sdk.extras.apiKey.create({ name: 'weak', expiryDate: null });
    const weak = getSdk({ apiUrl: `${emulator.url}/`, dataDirectory: false });
    await weak.auth.loginWithToken(key);
    await assert.rejects(weak.extras.apiKey.create({ name: 'x', expiryDate: null }), errors.BalenaNotLoggedIn);
    await assert.rejects(sdk.extras.apiKey.create({ name: '', expiryDate: null }), errors.BalenaInvalidParameterError);
    await assert.rejects(sdk.extras.apiKey.create({ name: 'x' }), errors.BalenaInvalidParameterError);
  });
});

describe('rotate', () => {
  let emulator;
  before(async () => { emulator = await startEmulator(); });
  after(() => emulator.stop());

  test('replaces a key with one of the same name, description and lifetime', async () => {
    const sdk = await sdkOn(emulator);
    const created = await sdk.models.apiKey.create({ name: 'rotate-me', description: 'CI', expiryDate: new Date(Date.now() + 10 * DAY_MS).toISOString() });
    const old = await namedKey(sdk, 'rotate-me');
    const started = Date.now();
    const rotation = await sdk.extras.apiKey.rotate(old.id);
    assert.deepEqual(Object.keys(rotation), ['id', 'key', 'revoked']);
    assert.equal(rotation.revoked, old.id);
    assert.equal(typeof rotation.key, 'string');
    const now = await namedKey(sdk, 'rotate-me');
    assert.equal(now.id, rotation.id);
    assert.equal(now.description, 'CI');
    const lifetime = Date.parse(old.expiry_date) - Date.parse(old.created_at);
    const expiry = Date.parse(now.expiry_date);
    assert.ok(expiry >= started + lifetime && expiry <= Date.now() + lifetime, `${now.expiry_date} keeps a ${lifetime} ms lifetime`);
    assert.equal(await accepted(emulator, rotation.key), true, 'the new key works');
    assert.equal(await accepted(emulator, created), false, 'the old key is revoked');
  });

  test('an expired key is rotated into one with its lifetime from now (the seed\'s old-laptop: 30 days)', async () => {
    const sdk = await sdkOn(emulator);
    const old = await namedKey(sdk, 'old-laptop');
    const started = Date.now();
    const rotation = await sdk.extras.apiKey.rotate(old.id);
    const expiry = Date.parse((await namedKey(sdk, 'old-laptop')).expiry_date);
    assert.ok(expiry >= started + 30 * DAY_MS && expiry <= Date.now() + 30 * DAY_MS, new Date(expiry).toISOString());
    assert.equal(await accepted(emulator, rotation.key), true);
  });

  test('takes the expiry date given, null for never', async () => {
    const sdk = await sdkOn(emulator);
    await sdk.models.apiKey.create({ name: 'rotate-never', expiryDate: '2030-01-01T00:00:00.000Z' });
    const rotation = await sdk.extras.apiKey.rotate((await namedKey(sdk, 'rotate-never')).id, { expiryDate: null });
    assert.equal((await namedKey(sdk, 'rotate-never')).expiry_date, null);
    assert.equal(await accepted(emulator, rotation.key), true);
  });

  test('a key that is not one of the user\'s named keys is not found, and nothing is created', async () => {
    const sdk = await sdkOn(emulator);
    const count = (await sdk.models.apiKey.getAll({ $select: 'id' })).length;
    const [deviceKey] = await sdk.models.apiKey.getAll({ $select: 'id', $filter: { name: 'device-key' } });
    for (const id of [deviceKey.id, 99_999]) {
      await assert.rejects(sdk.extras.apiKey.rotate(id), (error) => {
        assert.ok(error instanceof errors.BalenaApiKeyNotFound);
        assert.equal(error.code, 'BalenaApiKeyNotFound');
        assert.equal(error.message, `API key not found: ${id}`);
        return true;
      });
    }
    await assert.rejects(sdk.extras.apiKey.rotate('5'), errors.BalenaInvalidParameterError);
    assert.equal((await sdk.models.apiKey.getAll({ $select: 'id' })).length, count);
  });

  test('when the revoke fails, both keys stay valid and the error hands over the new one unprinted', async () => {
    const refuseDeletes = (url, init = {}) => (init.method === 'DELETE'
      ? Promise.resolve(new Response('"maintenance"', { status: 503, headers: { 'Content-Type': 'application/json' } }))
      : fetch(url, init));
    const sdk = await sdkOn(emulator, refuseDeletes);
    const created = await sdk.models.apiKey.create({ name: 'rotate-stuck', expiryDate: null });
    const old = await namedKey(sdk, 'rotate-stuck');
    const error = await sdk.extras.apiKey.rotate(old.id).then(() => assert.fail('resolved'), (e) => e);
    assert.ok(error instanceof errors.BalenaApiKeyRotationIncomplete);
    assert.equal(error.code, 'BalenaApiKeyRotationIncomplete');
    assert.equal(error.oldId, old.id);
    assert.ok(error.cause instanceof errors.BalenaRequestError);
    assert.equal(error.cause.statusCode, 503);
    assert.equal(await accepted(emulator, error.key), true, 'the new key works');
    assert.equal(await accepted(emulator, created), true, 'the old key still works');
    const ids = (await sdk.models.apiKey.getAllNamedUserApiKeys({ $select: 'id', $filter: { name: 'rotate-stuck' } })).map((k) => k.id);
    assert.deepEqual(ids.sort(), [old.id, error.id].sort());
    assert.equal(error.message, `Created API key ${error.id} but could not revoke API key ${old.id}, so both are valid: Request error: maintenance`);
    for (const printed of [error.message, error.stack, inspect(error), JSON.stringify(error)]) {
      assert.ok(!printed.includes(error.key), `the new key is not in: ${printed}`);
    }
  });
});

describe('getExpiring', () => {
  let emulator;
  before(async () => { emulator = await startEmulator(); });
  after(() => emulator.stop());

  test('lists the seeded keys of every kind in the window, soonest first, with owners and progress', async () => {
    const sdk = await sdkOn(emulator);
    const progress = [];
    const keys = await sdk.extras.apiKey.getExpiring({ days: 31, onProgress: (event) => progress.push(event) });
    const seen = keys.map(({ name, kind, expired, application, device }) => ({ name, kind, expired, fleet: application?.slug, device: device?.uuid.length }));
    assert.deepEqual(seen, [
      { name: 'old-laptop', kind: 'user', expired: true, fleet: undefined, device: undefined },
      { name: 'release-bot', kind: 'user', expired: false, fleet: undefined, device: undefined },
      { name: null, kind: 'device', expired: false, fleet: 'demo/emulated-fleet', device: 32 },
      { name: null, kind: 'provisioning', expired: false, fleet: 'demo/emulated-fleet', device: undefined },
    ]);
    assert.deepEqual(Object.keys(keys[2]), ['id', 'name', 'description', 'created_at', 'expiry_date', 'kind', 'expired', 'device', 'application']);
    assert.deepEqual(progress, [
      { kind: 'user', scanned: 1, found: 2 },
      { kind: 'provisioning', scanned: 1, found: 1 },
      { kind: 'device', scanned: 1, found: 1 },
    ]);
  });

  test('the window, the kinds and a fleet narrow the audit', async () => {
    const sdk = await sdkOn(emulator);
    const names = async (options) => (await sdk.extras.apiKey.getExpiring(options)).map((k) => `${k.kind}:${k.name}`);
    assert.deepEqual(await names({ days: 0 }), ['user:old-laptop']);
    assert.deepEqual(await names({ days: 7, kinds: ['device', 'provisioning'] }), ['device:null']);
    assert.deepEqual(await names({ days: 31, fleet: 'demo/emulated-fleet' }), ['device:null', 'provisioning:null']);
    await assert.rejects(sdk.extras.apiKey.getExpiring({ fleet: 'no/such-fleet' }), errors.BalenaApplicationNotFound);
    await assert.rejects(sdk.extras.apiKey.getExpiring({ days: -1 }), errors.BalenaInvalidParameterError);
    await assert.rejects(sdk.extras.apiKey.getExpiring({ kinds: ['fleet'] }), errors.BalenaInvalidParameterError);
    await assert.rejects(sdk.extras.apiKey.getExpiring({ kinds: ['user'], fleet: 'demo/emulated-fleet' }), errors.BalenaInvalidParameterError);
    await assert.rejects(sdk.extras.apiKey.getExpiring({ onProgress: 'yes' }), errors.BalenaInvalidParameterError);
  });

  test('a listener that throws ends the audit with what it threw', async () => {
    const sdk = await sdkOn(emulator);
    const stop = new Error('enough');
    await assert.rejects(sdk.extras.apiKey.getExpiring({ onProgress: () => { throw stop; } }), (error) => error === stop);
  });

  test('without a session it is BalenaNotLoggedIn', async () => {
    const sdk = getSdk({ apiUrl: `${emulator.url}/`, dataDirectory: false });
    await assert.rejects(sdk.extras.apiKey.getExpiring(), errors.BalenaNotLoggedIn);
    await assert.rejects(sdk.extras.apiKey.rotate(1), errors.BalenaNotLoggedIn);
  });
});

test('an account of 10,000 keys is audited in pages', { timeout: 240_000 }, async () => {
  const emulator = await startEmulator();
  try {
    const sdk = await sdkOn(emulator);
    const soon = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const count = 10_000 - 11; // the seed has 11 keys
    let next = 0;
    const create = async () => {
      while (next < count) {
        const name = `bulk-${next++}`;
        const reply = await emulator.api('/api-key/user/full', { method: 'POST', body: { name, expiryDate: soon } });
        assert.equal(reply.status, 200, `creating ${name}: ${JSON.stringify(reply.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, create));
    const progress = [];
    const keys = await sdk.extras.apiKey.getExpiring({ kinds: ['user'], onProgress: (event) => progress.push(event.found) });
    assert.equal(keys.filter((k) => k.name.startsWith('bulk-')).length, count);
    assert.equal(keys.length, count + 2);
    assert.equal(new Set(keys.map((k) => k.id)).size, keys.length);
    assert.deepEqual(progress, [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000, 9500, 9991]);
  } finally {
    await emulator.stop();
  }
});

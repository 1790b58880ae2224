// The API-key lifecycle against the local emulator (target/release/
// api-emulator), once per SDK of EMULATOR_SDKS (default: both the real
// balena-sdk@23.2.15 and balena-api-key-wasm).
// Each SDK gets its own emulator process, freshly seeded, on a free port.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { emulatorSdks, startEmulator } from './helpers/emulator.mjs';

const TEST_TIMEOUT_MS = 20_000;
const KEY_PATTERN = /^[0-9A-Za-z]{32}$/;

/** Asserts that `promise` rejects with an error of `code` (and `statusCode`, `message` if given). */
async function rejectsWith(promise, { code, statusCode, message }) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `code of ${error.stack}`);
    if (statusCode !== undefined) assert.equal(error.statusCode, statusCode);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

for (const { label, makeSdk } of await emulatorSdks()) {
  describe(`emulator lifecycle with ${label}`, { timeout: 120_000 }, () => {
    let emulator;
    let sdk;
    let app;
    let device;
    const ids = {};

    const login = async (token) => {
      const other = makeSdk(emulator.url);
      await other.auth.loginWithToken(token);
      return other;
    };
    const named = (rows) => rows.map((row) => row.name);

    before(async () => {
      emulator = await startEmulator();
      sdk = await login(emulator.token);
      [app] = (await emulator.api('/v7/application?$select=id,slug,uuid')).body.d;
      [device] = (await emulator.api('/v7/device?$select=id,uuid')).body.d;
    });
    after(() => emulator?.stop());

    test('create named keys with and without description and expiry', { timeout: TEST_TIMEOUT_MS }, async () => {
      const keys = [
        await sdk.models.apiKey.create({ name: 'lifecycle-1', expiryDate: null }),
        await sdk.models.apiKey.create({ name: 'lifecycle-2', expiryDate: '2030-10-12', description: 'second' }),
        await sdk.models.apiKey.create({ name: 'lifecycle-3', expiryDate: new Date('2031-01-02T03:04:05.678Z'), description: '' }),
      ];
      for (const key of keys) assert.match(key, KEY_PATTERN);
      assert.equal(new Set(keys).size, 3);
      ids.firstKey = keys[0];
    });

    test('list named keys: ordered by name, own user only, never the secret', { timeout: TEST_TIMEOUT_MS }, async () => {
      const rows = await sdk.models.apiKey.getAllNamedUserApiKeys();
      assert.deepEqual(named(rows), ['ci-deploy', 'dashboard', 'lifecycle-1', 'lifecycle-2', 'lifecycle-3', 'old-laptop', 'release-bot']);
      const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
      for (const row of rows) ids[row.name] = row.id;
      assert.deepEqual(Object.keys(byName['lifecycle-2']), ['created_at', 'modified_at', 'id', 'expiry_date', 'is_of__actor', 'name', 'description']);
      assert.equal(byName['lifecycle-2'].expiry_date, '2030-10-12T00:00:00.000Z');
      assert.equal(byName['lifecycle-2'].description, 'second');
      assert.equal(byName['lifecycle-3'].expiry_date, '2031-01-02T03:04:05.678Z');
      assert.equal(byName['lifecycle-3'].description, null);
      assert.equal(byName['lifecycle-1'].expiry_date, null);
      assert.match(byName['lifecycle-1'].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(byName['lifecycle-1'].is_of__actor, { __id: (await sdk.auth.getActorId()) });
      assert.ok(rows.every((row) => !('key' in row)));
    });

    test('list all keys, and with $filter/$select/$orderby/$top', { timeout: TEST_TIMEOUT_MS }, async () => {
      const all = await sdk.models.apiKey.getAll();
      // 5 seeded user keys + 3 created + 2 provisioning + 2 device keys; NULL names last.
      assert.equal(all.length, 12);
      assert.deepEqual(named(all).slice(-4), ['release-bot', null, null, null]);
      const some = await sdk.models.apiKey.getAll({
        $filter: { name: { $startswith: 'lifecycle-' } },
        $select: ['id', 'name'],
        $orderby: { name: 'desc' },
        $top: 2,
      });
      assert.deepEqual(some, [{ id: ids['lifecycle-3'], name: 'lifecycle-3' }, { id: ids['lifecycle-2'], name: 'lifecycle-2' }]);
      const skipped = await sdk.models.apiKey.getAllNamedUserApiKeys({ $select: 'name', $skip: 3, $orderby: 'name asc' });
      assert.deepEqual(skipped, [{ name: 'lifecycle-2' }, { name: 'lifecycle-3' }, { name: 'old-laptop' }, { name: 'release-bot' }]);
      const expanded = await sdk.models.apiKey.getAll({ $filter: { id: ids['lifecycle-1'] }, $select: 'id', $expand: { is_of__actor: { $select: 'id' } } });
      assert.deepEqual(expanded, [{ id: ids['lifecycle-1'], is_of__actor: [{ id: await sdk.auth.getActorId() }] }]);
    });

    test('update name, description and expiry, read back exactly', { timeout: TEST_TIMEOUT_MS }, async () => {
      const id = ids['lifecycle-2'];
      const readBack = async () => (await sdk.models.apiKey.getAll({ $filter: { id }, $select: ['name', 'description', 'expiry_date'] }))[0];
      await sdk.models.apiKey.update(id, { name: 'lifecycle-2b', description: '', expiryDate: '2032-05-06T07:08:09.000Z' });
      assert.deepEqual(await readBack(), { name: 'lifecycle-2b', description: '', expiry_date: '2032-05-06T07:08:09.000Z' });
      await sdk.models.apiKey.update(id, { description: null, expiryDate: null });
      assert.deepEqual(await readBack(), { name: 'lifecycle-2b', description: null, expiry_date: null });
      const now = new Date().toISOString();
      await sdk.models.apiKey.update(id, { name: 'lifecycle-2', description: 'back', expiryDate: now });
      assert.deepEqual(await readBack(), { name: 'lifecycle-2', description: 'back', expiry_date: now });
    });

    test('reject empty names, invalid dates and over-long names', { timeout: TEST_TIMEOUT_MS }, async () => {
      const id = ids['lifecycle-1'];
      await rejectsWith(sdk.models.apiKey.update(id, { name: '' }), { code: 'BalenaInvalidParameterError' });
      await rejectsWith(sdk.models.apiKey.update(id, { name: null }), { code: 'BalenaInvalidParameterError' });
      await rejectsWith(sdk.models.apiKey.create({ name: '', expiryDate: null }), { code: 'BalenaNotLoggedIn' });
      await rejectsWith(sdk.models.apiKey.create({ name: 'bad-date', expiryDate: 'not a date' }), { code: 'BalenaNotLoggedIn' });
      await rejectsWith(sdk.models.apiKey.create({ name: 'no-expiry' }), { code: 'BalenaInvalidParameterError' });
      await rejectsWith(sdk.models.apiKey.update(id, { expiryDate: 'not a date' }), {
        code: 'BalenaRequestError',
        statusCode: 400,
        message: 'Request error: "expiry_date" is not a valid date: not a date',
      });
      await rejectsWith(sdk.models.apiKey.update(id, { name: 'x'.repeat(51) }), {
        code: 'BalenaRequestError',
        statusCode: 400,
        message: 'Request error: It is necessary that each api key that has a name, has a name that has a Length (Type) that is less than or equal to 50.',
      });
      await rejectsWith(sdk.models.apiKey.update(id, {}), { code: 'BalenaRequestError', statusCode: 400, message: 'Request error: No fields to update' });
      const names = named(await sdk.models.apiKey.getAllNamedUserApiKeys());
      assert.ok(!names.includes('bad-date') && !names.includes(''));
    });

    test('provisioning keys by application id, slug and uuid', { timeout: TEST_TIMEOUT_MS }, async () => {
      const expected = ['fleet-provisioning', null];
      for (const ref of [app.id, app.slug, app.uuid, app.slug.toUpperCase()]) {
        assert.deepEqual(named(await sdk.models.apiKey.getProvisioningApiKeysByApplication(ref)), expected, String(ref));
      }
      const rows = await sdk.models.apiKey.getProvisioningApiKeysByApplication(app.id, { $select: ['id', 'name'], $filter: { name: null } });
      assert.equal(rows.length, 1);
      assert.deepEqual(Object.keys(rows[0]), ['id', 'name']);
    });

    test('device keys by device id and uuid', { timeout: TEST_TIMEOUT_MS }, async () => {
      for (const ref of [device.id, device.uuid]) {
        assert.deepEqual(named(await sdk.models.apiKey.getDeviceApiKeysByDevice(ref)), ['device-key', null], String(ref));
      }
    });

    test('not-found and short-uuid errors', { timeout: TEST_TIMEOUT_MS }, async () => {
      await rejectsWith(sdk.models.apiKey.getProvisioningApiKeysByApplication(999999), { code: 'BalenaApplicationNotFound', message: 'Application not found: 999999' });
      await rejectsWith(sdk.models.apiKey.getProvisioningApiKeysByApplication('Nobody/Nothing'), { code: 'BalenaApplicationNotFound', message: 'Application not found: Nobody/Nothing' });
      await rejectsWith(sdk.models.apiKey.getDeviceApiKeysByDevice(999999), { code: 'BalenaDeviceNotFound', message: 'Device not found: 999999' });
      await rejectsWith(sdk.models.apiKey.getDeviceApiKeysByDevice('nonexistentuuid3beaca0080ed7f0a8'), { code: 'BalenaDeviceNotFound' });
      await rejectsWith(sdk.models.apiKey.getDeviceApiKeysByDevice('abc'), { code: 'BalenaInvalidParameterError', message: "Invalid parameter: abc is not a valid value for parameter 'uuidOrId'" });
    });

    test('a named key authenticates but cannot create, update or revoke', { timeout: TEST_TIMEOUT_MS }, async () => {
      const asKey = await login(ids.firstKey);
      assert.equal(await asKey.auth.getActorId(), await sdk.auth.getActorId());
      assert.ok(named(await asKey.models.apiKey.getAllNamedUserApiKeys()).includes('lifecycle-1'));
      await rejectsWith(asKey.models.apiKey.create({ name: 'by-key', expiryDate: null }), { code: 'BalenaNotLoggedIn' });
      await rejectsWith(asKey.models.apiKey.revoke(ids['lifecycle-3']), { code: 'BalenaRequestError', statusCode: 401 });
      await rejectsWith(asKey.models.apiKey.update(ids['lifecycle-3'], { name: 'renamed' }), { code: 'BalenaRequestError', statusCode: 401 });
      assert.deepEqual(named(await sdk.models.apiKey.getAll({ $filter: { id: ids['lifecycle-3'] } })), ['lifecycle-3']);
    });

    test('an expired key is refused', { timeout: TEST_TIMEOUT_MS }, async () => {
      const expired = await sdk.models.apiKey.create({ name: 'expired', expiryDate: '2001-01-01T00:00:00.000Z' });
      const asExpired = await login(expired);
      await rejectsWith(asExpired.models.apiKey.getAll(), { code: 'BalenaRequestError', statusCode: 401 });
      await rejectsWith(asExpired.models.apiKey.getAllNamedUserApiKeys(), { code: 'BalenaNotLoggedIn' });
    });

    test('quotes and OData operators in a filter string match literally', { timeout: TEST_TIMEOUT_MS }, async () => {
      const tricky = `it's "q" & #1 eq 1 or name ne ''%2B`;
      await sdk.models.apiKey.create({ name: tricky, expiryDate: null, description: tricky });
      for (const $filter of [
        { name: "x' or name ne 'y" },
        { name: { $contains: "') or true or ('" } },
        { description: { $startswith: "' or 1 eq 1 or '" } },
        { name: { $in: ["a' or '1' eq '1", 'or'] } },
      ]) {
        assert.deepEqual(await sdk.models.apiKey.getAll({ $filter }), [], JSON.stringify($filter));
      }
      const found = await sdk.models.apiKey.getAllNamedUserApiKeys({ $filter: { name: tricky, description: { $endswith: "''%2B" } }, $select: ['name', 'description'] });
      assert.deepEqual(found, [{ name: tricky, description: tricky }]);
    });

    test('revoke, twice', { timeout: TEST_TIMEOUT_MS }, async () => {
      const id = ids['lifecycle-1'];
      await sdk.models.apiKey.revoke(id);
      assert.deepEqual(await sdk.models.apiKey.getAll({ $filter: { id } }), []);
      await sdk.models.apiKey.revoke(id);
      await rejectsWith(login(ids.firstKey).then((s) => s.models.apiKey.getAll()), { code: 'BalenaRequestError', statusCode: 401 });
    });
  });
}

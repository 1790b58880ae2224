// A bounded load test of the emulator: 50 clients (separate SDK instances)
// send 500 requests at once against loopback, and every one succeeds with
// the right answer. Stops by itself: a fixed number of requests and a test
// timeout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { emulatorSdks, startEmulator } from './helpers/emulator.mjs';

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 10;

for (const { label, makeSdk } of await emulatorSdks()) {
  describe(`emulator under load with ${label}`, () => {
    let emulator;
    before(async () => {
      emulator = await startEmulator();
    });
    after(() => emulator?.stop());

    test(`${CLIENTS * REQUESTS_PER_CLIENT} concurrent requests from ${CLIENTS} clients`, { timeout: 60_000 }, async () => {
      const [device] = (await emulator.api('/v7/device?$select=id')).body.d;
      const expectedKeys = (await emulator.api('/v7/api_key/$count')).body.d;
      const clients = await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          const sdk = makeSdk(emulator.url);
          await sdk.auth.loginWithToken(emulator.token);
          return sdk;
        }),
      );
      // Per client: 6 getAll (1 request each) + 2 getDeviceApiKeysByDevice
      // (a device lookup and a key list each) = 10 requests, all in flight together.
      const started = Date.now();
      const results = await Promise.all(
        clients.flatMap((sdk) => [
          ...Array.from({ length: 6 }, () => sdk.models.apiKey.getAll().then((rows) => rows.length)),
          ...Array.from({ length: 2 }, () => sdk.models.apiKey.getDeviceApiKeysByDevice(device.id).then((rows) => rows.length)),
        ]),
      );
      const elapsed = Date.now() - started;
      assert.equal(results.length, CLIENTS * 8);
      results.forEach((count, i) => assert.equal(count, i % 8 < 6 ? expectedKeys : 2, `call ${i}`));
      console.log(`# ${CLIENTS * REQUESTS_PER_CLIENT} requests in ${elapsed} ms`);
    });
  });
}

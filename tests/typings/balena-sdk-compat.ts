// The same user code, written for balena-sdk@23.2.15, type-checked twice by
// tests/js/package-typings.test.mjs: against balena-sdk's own typings
// (tsconfig.balena-sdk.json) and against this package's (tsconfig.compat.json).
// Both must accept it: code written for balena-sdk keeps type-checking.
import { getSdk } from 'sdk-under-test';
const balena = getSdk({ apiUrl: 'https://api.balena-cloud.com/', dataDirectory: false });
async function main() {
  await balena.auth.loginWithToken('x');
  const keys = await balena.models.apiKey.getAll({ $select: ['id', 'name'], $filter: { name: { $ne: null } }, $orderby: { name: 'asc' } });
  for (const k of keys) console.log(k.id, k.name);
  const all = await balena.models.apiKey.getAllNamedUserApiKeys();
  console.log(all[0].is_of__actor.__id, all[0].expiry_date, all[0].created_at);
  const ex = await balena.models.apiKey.getDeviceApiKeysByDevice(5, { $expand: { is_of__actor: { $select: 'id' } } });
  console.log(ex[0].is_of__actor[0].id);
  const k: string = await balena.models.apiKey.create({ name: 'n', expiryDate: null, description: 'd' });
  await balena.models.apiKey.update(1, { name: 'x', expiryDate: '2030-01-01' });
  await balena.models.apiKey.revoke(1);
  const id: number = await balena.auth.getActorId();
  const w = await balena.auth.whoami();
  if (w?.actorType === 'user') console.log(w.username);
  const c = await balena.pine.get({ resource: 'api_key', options: { $count: { $filter: { name: null } } } });
  const one = await balena.pine.get({ resource: 'api_key', id: 5, options: { $select: 'name' } });
  console.log(one?.name, c + 1, k, id);
  await balena.pine.delete({ resource: 'api_key', id: 5 });
  try { await balena.auth.getToken(); } catch (e) { if (e instanceof balena.errors.BalenaNotLoggedIn) console.log(e.code); }
}

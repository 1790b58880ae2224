// `revoke ID[,ID...]`: one key or several, the next one tried when one fails.
import { parseIds } from '../command-line.mjs';
import { keyLabel, reportRevocation, revokeKeys } from '../revoke-keys.mjs';

/**
 * Revokes the keys given. They are read first (one request): the API
 * answers the revoke of a key that does not exist (or is out of reach) with
 * success, so such a key is reported as BalenaApiKeyNotFound instead, and
 * the others are still revoked. Progress on stderr when there are several.
 */
export async function revoke({ args, connect, stdout, stderr, token }) {
  const ids = parseIds(args);
  const sdk = await connect();
  const rows = await sdk.models.apiKey.getAll({ $select: ['id', 'name'], $filter: { id: { $in: ids } } });
  const found = new Map(rows.map((key) => [key.id, key]));
  const notFound = (id) => new sdk.errors.BalenaApiKeyNotFound(id);
  if (ids.length === 1) {
    const [id] = ids;
    if (!found.has(id)) throw notFound(id);
    await sdk.models.apiKey.revoke(id);
    stdout.write(`Revoked API key ${keyLabel(found.get(id))}.\n`);
    return 0;
  }
  const keys = ids.filter((id) => found.has(id)).map((id) => found.get(id));
  const outcome = await revokeKeys(sdk, keys, { stderr, token });
  for (const id of ids.filter((id) => !found.has(id))) outcome.failed.push({ key: { id, name: null }, error: notFound(id) });
  return reportRevocation(outcome, ids.length, { stdout, stderr, token });
}

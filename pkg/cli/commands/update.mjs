// `update ID`: a key's name, description or expiry date.
import { parseExpiry, parseId, UsageError } from '../command-line.mjs';

/**
 * Updates a key with the fields given. The key is read first: the API
 * answers a change to a key that does not exist (or is out of reach) with
 * success, so a missing key is reported as BalenaApiKeyNotFound instead.
 */
export async function update({ args: [idText], options, connect, stdout, nowMs }) {
  const id = parseId(idText);
  const { name, description } = options;
  if (name === undefined && description === undefined && options.expiry === undefined) {
    throw new UsageError('update needs --name, --description or --expiry');
  }
  if (name === '') throw new UsageError('--name must not be empty');
  const expiryDate = options.expiry === undefined ? undefined : parseExpiry(options.expiry, nowMs);
  const sdk = await connect();
  const [key] = await sdk.models.apiKey.getAll({ $select: ['id'], $filter: { id } });
  if (key === undefined) throw new sdk.errors.BalenaApiKeyNotFound(id);
  await sdk.models.apiKey.update(id, { name, description, expiryDate });
  stdout.write(`Updated API key ${id}.\n`);
  return 0;
}

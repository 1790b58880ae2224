// `create NAME`: a new named key, printed once.
import { parseExpiry } from '../command-line.mjs';
import { DEFAULT_CREATE_EXPIRY_DAYS } from '../usage.mjs';
import { utcMinute } from '../words.mjs';

async function idsNamed(sdk, name) {
  const keys = await sdk.models.apiKey.getAllNamedUserApiKeys({ $select: ['id'], $filter: { name } });
  return keys.map((key) => key.id);
}

/**
 * The id of the key just made with `name`, told by the ids of that name
 * before and after; null when it cannot be told (another key of the name
 * appeared at the same time, or the read failed: the key is made either way).
 */
async function newKeyId(sdk, name, before) {
  try {
    const made = (await idsNamed(sdk, name)).filter((id) => !before.includes(id));
    return made.length === 1 ? made[0] : null;
  } catch {
    return null;
  }
}

/**
 * Creates a key: the key alone on stdout and what it is on stderr, or with
 * --json `{"key","id"}` on stdout. Expires in DEFAULT_CREATE_EXPIRY_DAYS
 * days unless --expiry says otherwise.
 */
export async function create({ args: [name], options, connect, stdout, stderr, nowMs }) {
  const expiryDate = parseExpiry(options.expiry ?? String(DEFAULT_CREATE_EXPIRY_DAYS), nowMs);
  const sdk = await connect();
  const before = await idsNamed(sdk, name);
  const key = await sdk.models.apiKey.create({ name, expiryDate, ...(options.description !== undefined && { description: options.description }) });
  const id = await newKeyId(sdk, name, before);
  if (options.json) {
    stdout.write(`${JSON.stringify({ key, id })}\n`);
    return 0;
  }
  stdout.write(`${key}\n`);
  const expires = expiryDate === null ? 'never expires' : `expires ${utcMinute(expiryDate)} UTC`;
  stderr.write(`Created API key ${id ?? '(id unknown)'} '${name}', which ${expires}. It is shown only this once: keep it now.\n`);
  return 0;
}

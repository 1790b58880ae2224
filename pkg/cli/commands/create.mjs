// `create NAME`: a new named key, printed once.
import { parseExpiry } from '../command-line.mjs';
import { printable } from '../table.mjs';
import { DEFAULT_CREATE_EXPIRY_DAYS } from '../usage.mjs';
import { utcMinute } from '../words.mjs';

/**
 * Creates a key: the key alone on stdout and what it is on stderr, or with
 * --json `{"key","id"}` on stdout. Expires in DEFAULT_CREATE_EXPIRY_DAYS
 * days unless --expiry says otherwise.
 */
export async function create({ args: [name], options, connect, stdout, stderr, nowMs }) {
  const expiryDate = parseExpiry(options.expiry ?? String(DEFAULT_CREATE_EXPIRY_DAYS), nowMs);
  const sdk = await connect();
  const description = options.description !== undefined && { description: options.description };
  const { key, id } = await sdk.extras.apiKey.create({ name, expiryDate, ...description });
  if (options.json) {
    stdout.write(`${JSON.stringify({ key, id })}\n`);
    return 0;
  }
  stdout.write(`${key}\n`);
  const expires = expiryDate === null ? 'never expires' : `expires ${utcMinute(expiryDate)} UTC`;
  stderr.write(`Created API key ${id ?? '(id unknown)'} '${printable(name)}', which ${expires}. It is shown only this once: keep it now.\n`);
  return 0;
}

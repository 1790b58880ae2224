// `rotate ID`: a new key with the old one's name and description, then the
// old key revoked (sdk.extras.apiKey.rotate).
import { parseExpiry, parseId } from '../command-line.mjs';
import { describeError } from '../errors.mjs';
import { EXIT } from '../usage.mjs';

/**
 * Rotates a key: the new key alone on stdout and what happened on stderr,
 * or with --json `{"id","key","revoked"}`. When the old key could not be
 * revoked, the new key is still printed (once), `revoked` is null, the
 * error line says both keys are valid, and the exit code is 3.
 */
export async function rotate({ args: [idText], options, connect, stdout, stderr, nowMs, token }) {
  const id = parseId(idText);
  const rotateOptions = options.expiry === undefined ? {} : { expiryDate: parseExpiry(options.expiry, nowMs) };
  const sdk = await connect();
  let rotation;
  let failure;
  try {
    rotation = await sdk.extras.apiKey.rotate(id, rotateOptions);
  } catch (error) {
    if (!(error instanceof sdk.errors.BalenaApiKeyRotationIncomplete)) throw error;
    failure = error;
    rotation = { id: error.id, key: error.key, revoked: null };
  }
  stdout.write(options.json ? `${JSON.stringify({ id: rotation.id, key: rotation.key, revoked: rotation.revoked })}\n` : `${rotation.key}\n`);
  if (failure !== undefined) {
    stderr.write(`error: ${describeError(failure, token)}\n`);
    return EXIT.ROTATION_INCOMPLETE;
  }
  if (!options.json) {
    stderr.write(`Rotated API key ${id}: the new key ${rotation.id ?? '(id unknown)'} has its name and description, and ${id} is revoked. `
      + 'The new key is shown only this once: keep it now.\n');
  }
  return 0;
}

// Revoking several keys one after the other, with progress on stderr: a key
// that fails is recorded and the next one tried; Ctrl-C stops after the
// current request (a second Ctrl-C exits at once).
import { describeError } from './errors.mjs';
import { bar, createProgress } from './progress.mjs';
import { printable } from './table.mjs';
import { EXIT } from './usage.mjs';
import { plural } from './words.mjs';

/** `12 'ci deploy'`, or `12` for a key without a name. */
export const keyLabel = (key) => (key.name == null ? String(key.id) : `${key.id} '${printable(key.name)}'`);

/**
 * Revokes `keys` (`{ id, name }`) through `sdk`, reporting on `stderr`
 * (`token` is kept out of what it prints). Resolves `{ revoked, failed,
 * notTried }`: keys, `{ key, error }` pairs, and the keys left after Ctrl-C.
 */
export async function revokeKeys(sdk, keys, { stderr, token }) {
  const outcome = { revoked: [], failed: [], notTried: [] };
  const progress = createProgress(stderr);
  const total = keys.length;
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    for (const [index, key] of keys.entries()) {
      if (interrupted) {
        outcome.notTried = keys.slice(index);
        break;
      }
      progress.status(`${bar(index, total)} revoking ${keyLabel(key)}`);
      const step = `[${index + 1}/${total}]`;
      try {
        await sdk.models.apiKey.revoke(key.id);
        outcome.revoked.push(key);
        progress.status(bar(index + 1, total), `${step} revoked ${keyLabel(key)}`);
      } catch (error) {
        outcome.failed.push({ key, error });
        progress.line(`${progress.tty ? '' : `${step} `}FAILED to revoke ${keyLabel(key)}: ${describeError(error, token)}`);
        progress.status(bar(index + 1, total));
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    progress.end();
  }
  return outcome;
}

/**
 * Reports `outcome` of revoking `total` keys: the count on stdout, an
 * `error:` line on stderr for each key that failed, the keys not tried after
 * Ctrl-C. Returns the exit code: 1 when a key failed, else 130 when
 * interrupted, else 0.
 */
export function reportRevocation({ revoked, failed, notTried }, total, { stdout, stderr, token }) {
  stdout.write(`Revoked ${revoked.length} of ${plural(total, 'API key')}.\n`);
  for (const { key, error } of failed) stderr.write(`error: API key ${keyLabel(key)} not revoked: ${describeError(error, token)}\n`);
  if (notTried.length > 0) stderr.write(`interrupted: not tried: ${notTried.map(keyLabel).join(', ')}\n`);
  if (failed.length > 0) return EXIT.ERROR;
  return notTried.length > 0 ? EXIT.INTERRUPTED : EXIT.OK;
}

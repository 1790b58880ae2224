// `expiring`: the keys that have expired or expire within N days, across the
// user's named keys, their fleets' provisioning keys and their devices' keys
// (sdk.extras.apiKey.getExpiring), optionally revoked.
import { parseDays, parseKinds, parseOwner, UsageError } from '../command-line.mjs';
import { createProgress } from '../progress.mjs';
import { keyLabel, reportRevocation, revokeKeys } from '../revoke-keys.mjs';
import { formatTable } from '../table.mjs';
import { expiryCell, plural } from '../words.mjs';

/** What the owners of each kind of key are, for progress lines. */
const OWNERS = { user: 'user', provisioning: 'fleet', device: 'device' };

/** Who a key belongs to, as a table cell: you, a fleet's slug, a device's short uuid. */
function ownerCell(key) {
  if (key.device) return key.device.uuid.slice(0, 7);
  return key.application?.slug ?? 'you';
}

/** The audit's progress, on stderr: a status line on a terminal, a line per page elsewhere. */
function progressListener(stderr) {
  const progress = createProgress(stderr);
  const onProgress = ({ kind, scanned, found }) => {
    const text = `${kind} keys: ${plural(scanned, OWNERS[kind])} read, ${plural(found, 'key')} found`;
    progress.status(`scanning ${text}`, text);
  };
  return { onProgress, end: () => progress.end() };
}

function keysTable(keys, { nowMs, width }) {
  const rows = keys.map((key) => [String(key.id), key.kind, ownerCell(key), key.name ?? '', expiryCell(key.expiry_date, nowMs)]);
  return formatTable(['ID', 'KIND', 'OWNER', 'NAME', 'EXPIRES'], rows, { flexible: [2, 3], width });
}

/**
 * Lists the expiring keys (a table and a count on stdout, or with --json
 * the array getExpiring resolves) and with --revoke revokes them with
 * progress; --dry-run sends reads only and says what --revoke would revoke.
 * With --json and --revoke each key gets `revoked: true|false`.
 */
export async function expiring({ options, connect, stdout, stderr, width, nowMs, token }) {
  const days = parseDays(options.days);
  const kinds = parseKinds(options.kind);
  const dryRun = Boolean(options['dry-run']);
  if (dryRun && !options.revoke) throw new UsageError('--dry-run goes with --revoke');
  if (options.fleet !== undefined && kinds?.includes('user')) throw new UsageError('--kind user does not go with --fleet: a fleet has provisioning and device keys');
  const sdk = await connect({ readOnly: dryRun });
  const listener = progressListener(stderr);
  let keys;
  try {
    keys = await sdk.extras.apiKey.getExpiring({
      days,
      ...(kinds !== undefined && { kinds }),
      ...(options.fleet !== undefined && { fleet: parseOwner(options.fleet) }),
      onProgress: listener.onProgress,
    });
  } finally {
    listener.end();
  }
  if (!options.json) stdout.write(summary(keys, { days, dryRun, nowMs, width }));
  const outcome = options.revoke && !dryRun && keys.length > 0 ? await revokeKeys(sdk, keys, { stderr, token }) : undefined;
  if (options.json) {
    const revoked = new Set(outcome?.revoked.map((key) => key.id));
    const printed = options.revoke ? keys.map((key) => ({ ...key, revoked: revoked.has(key.id) })) : keys;
    stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
  }
  return outcome === undefined ? 0 : reportRevocation(outcome, keys.length, { stdout: options.json ? stderr : stdout, stderr, token });
}

/** The human output: the table and the counts, and what a dry run would revoke. */
function summary(keys, { days, dryRun, nowMs, width }) {
  if (keys.length === 0) return `No API keys expire within ${plural(days, 'day')}.\n`;
  const expired = keys.filter((key) => key.expired).length;
  let text = `${keysTable(keys, { nowMs, width })}${plural(keys.length, 'key')}: ${expired} expired, ${keys.length - expired} expiring within ${plural(days, 'day')}.\n`;
  if (dryRun) text += `Dry run: --revoke would revoke ${plural(keys.length, 'key')}: ${keys.map(keyLabel).join(', ')}. Nothing was revoked.\n`;
  return text;
}

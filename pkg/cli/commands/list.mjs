// `list`: the user's named keys, a fleet's provisioning keys or a device's keys.
import { parseOwner, UsageError } from '../command-line.mjs';
import { formatTable } from '../table.mjs';
import { expiryCell, utcDay } from '../words.mjs';

/** The fields of a key that `list` shows and `--json` prints, in this order. */
export const KEY_FIELDS = ['id', 'name', 'description', 'created_at', 'expiry_date'];

function readKeys(sdk, { fleet, device }) {
  const options = { $select: KEY_FIELDS };
  if (fleet !== undefined) return sdk.models.apiKey.getProvisioningApiKeysByApplication(parseOwner(fleet), options);
  if (device !== undefined) return sdk.models.apiKey.getDeviceApiKeysByDevice(parseOwner(device), options);
  return sdk.models.apiKey.getAllNamedUserApiKeys(options);
}

/** Lists keys: a table on stdout, or with --json an array of `KEY_FIELDS` objects. */
export async function list({ options, connect, stdout, width, nowMs }) {
  if (options.fleet !== undefined && options.device !== undefined) throw new UsageError('list takes --fleet or --device, not both');
  const keys = await readKeys(await connect(), options);
  if (options.json) {
    const rows = keys.map((key) => Object.fromEntries(KEY_FIELDS.map((field) => [field, key[field] ?? null])));
    stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (keys.length === 0) {
    stdout.write('No API keys.\n');
    return 0;
  }
  const rows = keys.map((key) => [String(key.id), key.name ?? '', key.description ?? '', utcDay(key.created_at), expiryCell(key.expiry_date, nowMs)]);
  stdout.write(formatTable(['ID', 'NAME', 'DESCRIPTION', 'CREATED', 'EXPIRES'], rows, { flexible: [1, 2], width }));
  return 0;
}

// How dates and expiry states read in the table.

const DAY_MS = 24 * 60 * 60 * 1000;
/** How close an expiry date counts as "soon". */
export const SOON_DAYS = 7;

/**
 * The status of a key from its expiry date: `never` (no date), `expired`
 * (date passed), `soon` (expires within SOON_DAYS days) or `ok`, with the
 * label the badge shows.
 * @param {string|null} expiryDate ISO date from the API, or null
 * @param {number} [now] ms since the epoch
 * @returns {{ kind: 'never' | 'expired' | 'soon' | 'ok', label: string }}
 * @example keyStatus(null) // { kind: 'never', label: 'never expires' }
 */
export function keyStatus(expiryDate, now = Date.now()) {
  if (expiryDate === null || expiryDate === undefined) return { kind: 'never', label: 'never expires' };
  const at = Date.parse(expiryDate);
  if (Number.isNaN(at)) return { kind: 'ok', label: 'ok' };
  if (at <= now) return { kind: 'expired', label: 'expired' };
  if (at - now <= SOON_DAYS * DAY_MS) return { kind: 'soon', label: `expires within ${SOON_DAYS} days` };
  return { kind: 'ok', label: 'ok' };
}

/**
 * A date from the API as `YYYY-MM-DD HH:MM` in UTC (how the API stores it),
 * or the input unchanged when it is not a date.
 * @param {string} iso
 * @returns {string}
 * @example formatDateTime('2030-10-12T08:30:00.000Z') // '2030-10-12 08:30 UTC'
 */
export function formatDateTime(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso);
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The `YYYY-MM-DD` value a date input shows for an API date (its UTC day),
 * or '' for none.
 * @param {string|null} iso
 * @returns {string}
 */
export function toDateInput(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString().slice(0, 10);
}

/**
 * `YYYY-MM-DD` of the UTC day `days` days after `now`: the default and the
 * minimum of the expiry pickers.
 * @param {number} days
 * @param {number} [now] ms since the epoch
 * @returns {string}
 */
export function dateInDays(days, now = Date.now()) {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * What to call a key in a sentence or a button's label: its name, or
 * `key <id>` when it has none.
 * @param {{ id: number, name?: string|null }} key
 * @returns {string}
 * @example keyLabel({ id: 7, name: null }) // 'key 7'
 */
export function keyLabel(key) {
  return key.name ?? `key ${key.id}`;
}

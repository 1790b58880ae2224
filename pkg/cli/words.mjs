// Dates and counts in words, as the tables and messages show them: dates
// (UTC), how far away they are, and plurals.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** `2030-10-12 08:30` (UTC) for an ISO date string. */
export function utcMinute(iso) {
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2030-10-12` (UTC) for an ISO date string. */
export function utcDay(iso) {
  return new Date(iso).toISOString().slice(0, 10);
}

/** A duration in the largest unit that keeps it readable: `3 days`, `5 hours`, `1 minute`. */
export function inWords(ms) {
  const [count, unit] = ms >= 2 * DAY_MS ? [Math.floor(ms / DAY_MS), 'day']
    : ms >= 2 * HOUR_MS ? [Math.floor(ms / HOUR_MS), 'hour']
      : [Math.max(1, Math.floor(ms / MINUTE_MS)), 'minute'];
  return plural(count, unit);
}

/** `1 key`, `2 keys`. */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** An expiry date as a table cell: `never`, `2030-10-12 (in 3 days)` or `2030-10-12 (expired 5 hours ago)`. */
export function expiryCell(expiryDate, nowMs) {
  if (expiryDate == null) return 'never';
  const at = Date.parse(expiryDate);
  const when = at <= nowMs ? `expired ${inWords(nowMs - at)} ago` : `in ${inWords(at - nowMs)}`;
  return `${utcDay(expiryDate)} (${when})`;
}

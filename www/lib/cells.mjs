// The pieces of a key table's rows, shared by the key list and the expiry
// view: dates, the expiry badge, labelled cells and message rows.
import { h } from './dom.mjs';
import { formatDateTime, keyStatus } from './format.mjs';

/**
 * A `<time>` showing an API date.
 * @param {string} iso
 * @returns {HTMLElement}
 */
export function timeCell(iso) {
  return h('time', { dateTime: iso, title: iso }, formatDateTime(iso));
}

/**
 * What the expiry cell of a row shows: the date (if any) and the status badge.
 * @param {string|null} expiryDate
 * @returns {Array<HTMLElement|null>}
 */
export function expiryCell(expiryDate) {
  const status = keyStatus(expiryDate);
  return [
    expiryDate ? timeCell(expiryDate) : null,
    h('span', { class: `badge badge-${status.kind}`, 'data-status': status.kind }, status.label),
  ];
}

/**
 * A table cell carrying its column name for the phone layout.
 * @param {string} label
 * @param {...(Node|string|null)} children
 * @returns {HTMLElement}
 */
export function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}

/**
 * A full-width row with a message: loading, empty, failed.
 * @param {number} columns how many columns the table has
 * @param {'loading'|'empty'|'failed'} kind
 * @param {string} text
 * @returns {HTMLElement}
 */
export function messageRow(columns, kind, text) {
  return h('tr', { class: `message-row ${kind}` }, h('td', { colSpan: columns }, text));
}

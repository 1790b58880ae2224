// The expiry view (`extras.apiKey.getExpiring`): every key of the account
// that has expired or expires within 7, 30 or 90 days (the user's named keys,
// the provisioning keys of their fleets, the keys of their devices), soonest
// first, with progress while the fleets and devices are read, and revoking.
import { cell, expiryCell, messageRow } from './cells.mjs';
import { clearError, h } from './dom.mjs';
import { tableLoader } from './loader.mjs';
import { askRevoke } from './revoke.mjs';

const COLUMNS = 5;
const NOT_CHECKED = 'Not checked yet: pick a window, or press “Check expiry”.';

/** How each kind of key reads: its name in the table, and what its progress has read. */
const KINDS = {
  user: { label: 'User', checking: () => 'your named keys' },
  provisioning: { label: 'Provisioning', checking: (scanned) => `the provisioning keys of your fleets (${count(scanned, 'fleet')} read)` },
  device: { label: 'Device', checking: (scanned) => `the keys of your devices (${count(scanned, 'device')} read)` },
};

const byId = (id) => document.getElementById(id);

/** `n thing` or `n things`. */
function count(n, thing) {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}

/**
 * The status line while the audit runs, from one of its progress reports.
 * @param {{ kind: 'user'|'provisioning'|'device', scanned: number, found: number }} progress
 * @returns {string}
 * @example progressText({ kind: 'device', scanned: 500, found: 2 })
 *   // 'Checking the keys of your devices (500 devices read): 2 found so far…'
 */
export function progressText({ kind, scanned, found }) {
  return `Checking ${KINDS[kind].checking(scanned)}: ${found} found so far…`;
}

/**
 * The status line once the audit is done.
 * @param {Array<{ expired: boolean }>} keys what it found
 * @param {number} days the window
 * @returns {string}
 * @example resultText([{ expired: true }, { expired: false }], 7) // '2 keys expired or expiring within 7 days (1 expired)'
 */
export function resultText(keys, days) {
  if (keys.length === 0) return `No key has expired or expires within ${days} days.`;
  const expired = keys.filter((key) => key.expired).length;
  return `${count(keys.length, 'key')} expired or expiring within ${days} days (${expired} expired)`;
}

/**
 * What to call a key of the audit: its name, or its kind and id.
 * @param {{ id: number, name: string|null, kind: 'user'|'provisioning'|'device' }} key
 * @returns {string}
 * @example keyTitle({ id: 7, name: null, kind: 'device' }) // 'device key 7'
 */
export function keyTitle(key) {
  return key.name ?? `${key.kind} key ${key.id}`;
}

/** The owner cell: you, a fleet's slug, or a device's uuid and its fleet. */
function ownerCell(key) {
  if (key.device) {
    return cell('Owner', h('code', { class: 'owner-id' }, key.device.uuid),
      key.application && h('span', { class: 'owner-fleet muted' }, `of ${key.application.slug}`));
  }
  if (key.application) return cell('Owner', h('span', { class: 'owner-id' }, key.application.slug));
  return cell('Owner', h('span', { class: 'owner-id muted' }, 'you'));
}

/**
 * The expiry view of a connected dashboard.
 * @param {object} env
 * @param {() => object} env.sdk gives the connected sdk instance (from the extras entry)
 * @param {ReturnType<import('./confirm.mjs').setupConfirmDialog>} env.confirm asks before a revoke
 * @param {() => void} env.changed runs after a key was revoked here
 * @returns {{ reset: () => void, refresh: () => void }} `reset` forgets what was shown;
 *   `refresh` checks again if the view was checked since the last reset
 */
export function setupExpiringView({ sdk, confirm, changed }) {
  const table = byId('expiring-table');
  const body = byId('expiring-body');
  const days = byId('expiring-days');
  const status = byId('expiring-status');
  const error = byId('expiring-error');
  const announce = (text) => { status.textContent = text; };
  const loader = tableLoader({ table, body, errorBox: error, announce, columns: COLUMNS });
  let checked = false;

  /** Runs the audit; a newer run stops an older one at its next progress report. */
  function load() {
    const within = Number(days.value);
    checked = true;
    byId('expiring-caption').textContent = `API keys expired or expiring within ${within} days`;
    return loader.load({
      loading: 'Checking expiry dates…',
      failure: 'Could not check the expiry dates',
      failedRow: 'The expiry dates could not be checked.',
      fetch: (isCurrent) => sdk().extras.apiKey.getExpiring({
        days: within,
        onProgress: (progress) => {
          if (!isCurrent()) throw new Error('superseded by a newer check');
          announce(progressText(progress));
        },
      }),
      show: (keys) => {
        const said = resultText(keys, within);
        body.replaceChildren(...(keys.length ? keys.map(row) : [messageRow(COLUMNS, 'empty', said)]));
        announce(said);
      },
    });
  }

  function row(key) {
    const title = keyTitle(key);
    return h('tr', { 'data-key-id': key.id, 'data-kind': key.kind },
      cell('Kind', KINDS[key.kind].label),
      ownerCell(key),
      cell('Name', key.name ? h('span', { class: 'key-name' }, key.name) : h('span', { class: 'muted' }, '(no name)')),
      cell('Expiry', ...expiryCell(key.expiry_date)),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Revoke ${title}`,
          onclick: (event) => askRevoke({ confirm, sdk: sdk(), key, label: title, opener: event.currentTarget, revoked }) }, 'Revoke')));
  }

  async function revoked(said) {
    await load();
    announce(`${said} ${status.textContent}`);
    changed();
  }

  days.addEventListener('change', load);
  byId('expiring-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  return {
    reset() {
      loader.cancel();
      checked = false;
      days.value = '7';
      clearError(error);
      body.replaceChildren(messageRow(COLUMNS, 'empty', NOT_CHECKED));
      announce('');
    },
    refresh() {
      if (checked) load();
    },
  };
}

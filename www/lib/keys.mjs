// The key list: which keys (the user's named keys, an application's
// provisioning keys, a device's keys), server-side filter and sort, the table
// with its loading and empty states, editing in place, rotating (named keys)
// and revoking.
import { cell, expiryCell, messageRow, timeCell } from './cells.mjs';
import { clearError, h, showError, showProblem } from './dom.mjs';
import { dateInDays, keyLabel, toDateInput } from './format.mjs';
import { tableLoader } from './loader.mjs';
import { listOptions, parseTarget } from './query.mjs';
import { askRevoke } from './revoke.mjs';
import { askRotate } from './rotate.mjs';

const FILTER_DELAY_MS = 300;
const COLUMNS = 5;

const SOURCES = {
  user: { label: undefined, caption: () => 'My named API keys' },
  application: { label: 'Application slug, uuid or id', caption: (t) => `Provisioning keys of application ${t}` },
  device: { label: 'Device uuid or id', caption: (t) => `API keys of device ${t}` },
};

const byId = (id) => document.getElementById(id);

/**
 * The key list of a connected dashboard.
 * @param {object} env
 * @param {() => object} env.sdk gives the connected sdk instance
 * @param {(text: string) => void} env.announce writes the status line
 * @param {ReturnType<import('./confirm.mjs').setupConfirmDialog>} env.confirm asks before a revoke or a rotation
 * @param {ReturnType<import('./reveal.mjs').setupKeyReveal>} env.reveal shows a rotation's new key once
 * @param {() => void} env.changed runs after a key was edited, rotated or revoked here
 * @returns {{ reset: () => void, load: () => Promise<void>, showsUserKeys: () => boolean }}
 *   `reset` goes back to the user's named keys, default order, no filter;
 *   `load` (re)loads the current list.
 */
export function setupKeyList({ sdk, announce, confirm, reveal, changed }) {
  const table = byId('keys-table');
  const body = byId('keys-body');
  const listError = byId('list-error');
  const source = byId('source');
  const target = byId('target');
  const filter = byId('filter');
  const view = { kind: 'user', target: undefined, text: '', sort: { field: 'name', direction: 'asc' } };
  const loader = tableLoader({ table, body, errorBox: listError, announce, columns: COLUMNS });
  let filterTimer;

  const fetchKeys = (options) => {
    const api = sdk().models.apiKey;
    if (view.kind === 'application') return api.getProvisioningApiKeysByApplication(view.target, options);
    if (view.kind === 'device') return api.getDeviceApiKeysByDevice(view.target, options);
    return api.getAllNamedUserApiKeys(options);
  };

  /** Loads the list for `view`; a newer load makes an older answer count for nothing. */
  function load({ focusKey } = {}) {
    clearTimeout(filterTimer);
    byId('keys-caption').textContent = SOURCES[view.kind].caption(view.target);
    return loader.load({
      loading: 'Loading API keys…',
      failure: 'Could not list the keys',
      failedRow: 'The keys could not be loaded.',
      fetch: () => fetchKeys(listOptions(view)),
      show: (rows) => {
        if (rows.length === 0) {
          const text = view.text.trim() ? `No API keys match “${view.text.trim()}”.` : 'No API keys here yet.';
          body.replaceChildren(messageRow(COLUMNS, 'empty', text));
          announce(text);
          return;
        }
        body.replaceChildren(...rows.map(viewRow));
        announce(`${rows.length} API ${rows.length === 1 ? 'key' : 'keys'}`);
        if (focusKey !== undefined) focusRow(focusKey);
      },
    });
  }

  /** Focuses the first button of the row of key `id`, or the list's heading when it is not listed. */
  function focusRow(id) {
    (body.querySelector(`tr[data-key-id="${id}"] button`) ?? byId('keys-title')).focus();
  }

  /** Reloads the list after a change made here, and says what changed before the count. */
  async function reloadSaying(said) {
    await load();
    announce(`${said} ${byId('list-status').textContent}`);
    changed();
  }

  function viewRow(key) {
    const row = h('tr', { 'data-key-id': key.id },
      cell('Name', h('span', { class: 'key-name' }, key.name ?? '(no name)')),
      cell('Description', key.description ? key.description : h('span', { class: 'muted' }, '—')),
      cell('Created', timeCell(key.created_at)),
      cell('Expiry', ...expiryCell(key.expiry_date)),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${keyLabel(key)}`, onclick: () => edit(row, key) }, 'Edit'),
        view.kind === 'user' && h('button', { type: 'button', class: 'secondary', 'aria-label': `Rotate ${keyLabel(key)}`,
          onclick: (event) => askRotate({ confirm, reveal, sdk: sdk(), key, opener: event.currentTarget, rotated: reloadSaying, dismissed: focusRow }) }, 'Rotate'),
        h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Revoke ${keyLabel(key)}`,
          onclick: (event) => askRevoke({ confirm, sdk: sdk(), key, label: keyLabel(key), opener: event.currentTarget, revoked: reloadSaying }) }, 'Revoke')));
    return row;
  }

  /** Turns a row into a small form: name, description, expiry date or never. */
  function edit(row, key) {
    const formId = `edit-${key.id}`;
    const input = (field, props) => h('input', { id: `${formId}-${field}`, form: formId, autocomplete: 'off', ...props });
    const label = (field, text) => h('label', { for: `${formId}-${field}`, class: 'inline-label' }, text);
    const name = input('name', { type: 'text', value: key.name ?? '', maxLength: 50 });
    const description = input('description', { type: 'text', value: key.description ?? '', maxLength: 150 });
    const expiry = input('expiry', { type: 'date', value: toDateInput(key.expiry_date), min: dateInDays(0), disabled: key.expiry_date === null });
    const never = input('never', { type: 'checkbox', checked: key.expiry_date === null, onchange: () => { expiry.disabled = never.checked; } });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const cancel = () => {
      errorRow.remove();
      editing.replaceWith(viewRow(key));
      focusRow(key.id);
    };
    const form = h('form', { id: formId, noValidate: true, onsubmit: (event) => { event.preventDefault(); save(); } });
    const editing = h('tr', { 'data-key-id': key.id, class: 'editing', onkeydown: (event) => { if (event.key === 'Escape') cancel(); } },
      cell('Name', label('name', 'Name'), name),
      cell('Description', label('description', 'Description'), description),
      cell('Created', timeCell(key.created_at)),
      cell('Expiry', label('expiry', 'Expires on'), expiry, h('label', { class: 'check' }, never, ' Never expires')),
      h('td', { class: 'row-actions' }, form,
        h('button', { type: 'submit', form: formId }, 'Save'),
        h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Cancel')));
    const errorRow = h('tr', { class: 'error-row' }, h('td', { colSpan: COLUMNS }, error));
    row.replaceWith(editing, errorRow);
    name.focus();

    async function save() {
      const changes = {};
      if (name.value.trim() !== (key.name ?? '')) changes.name = name.value.trim();
      const newDescription = description.value.trim() || null;
      if (newDescription !== (key.description ?? null)) changes.description = newDescription;
      if (!never.checked && !expiry.value) return showProblem(error, 'Pick an expiry date, or tick “Never expires”.');
      const newExpiry = never.checked ? null : expiry.value;
      if (newExpiry !== (key.expiry_date === null ? null : toDateInput(key.expiry_date))) changes.expiryDate = newExpiry;
      if (Object.keys(changes).length === 0) return cancel();
      clearError(error);
      editing.setAttribute('aria-busy', 'true');
      try {
        await sdk().models.apiKey.update(key.id, changes);
      } catch (failure) {
        editing.removeAttribute('aria-busy');
        showError(error, failure, 'Could not save the changes');
        return;
      }
      errorRow.remove();
      await load({ focusKey: key.id });
      changed();
    }
  }

  // Sorting: a button in each sortable header; aria-sort says the order.
  for (const th of table.querySelectorAll('th[data-field]')) {
    const field = th.dataset.field;
    const label = th.textContent;
    th.replaceChildren(h('button', { type: 'button', class: 'sort', onclick: () => {
      const same = view.sort.field === field;
      view.sort = { field, direction: same && view.sort.direction === 'asc' ? 'desc' : 'asc' };
      showSort();
      load();
    } }, label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' })));
  }
  function showSort() {
    for (const th of table.querySelectorAll('th[data-field]')) {
      const sorted = th.dataset.field === view.sort.field;
      th.setAttribute('aria-sort', sorted ? (view.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      th.querySelector('.sort-icon').textContent = sorted ? (view.sort.direction === 'asc' ? '▲' : '▼') : '';
    }
  }

  // The text filter: sent to the API, after a short pause in typing (at once on Enter).
  filter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      view.text = filter.value;
      load();
    }, FILTER_DELAY_MS);
  });
  filter.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    view.text = filter.value;
    load();
  });

  // Which keys: the user's, an application's or a device's.
  const showSourceField = () => {
    const { label } = SOURCES[source.value];
    byId('target-field').hidden = label === undefined;
    if (label) byId('target-label').textContent = label;
  };
  source.addEventListener('change', () => {
    showSourceField();
    clearError(listError);
    if (source.value === 'user') {
      view.kind = 'user';
      view.target = undefined;
      load();
    }
  });
  byId('source-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = parseTarget(target.value);
    if (source.value !== 'user' && value === undefined) {
      showProblem(listError, `Enter the ${source.value === 'application' ? 'application slug, uuid or id' : 'device uuid or id'} first.`);
      target.focus();
      return;
    }
    view.kind = source.value;
    view.target = source.value === 'user' ? undefined : value;
    load();
  });

  return {
    reset() {
      loader.cancel();
      Object.assign(view, { kind: 'user', target: undefined, text: '', sort: { field: 'name', direction: 'asc' } });
      source.value = 'user';
      target.value = '';
      filter.value = '';
      showSourceField();
      showSort();
      clearError(listError);
      body.replaceChildren();
    },
    load: () => load(),
    showsUserKeys: () => view.kind === 'user',
  };
}

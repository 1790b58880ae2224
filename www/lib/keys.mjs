// The key list: which keys (the user's named keys, an application's
// provisioning keys, a device's keys), server-side filter and sort, the table
// with its loading and empty states, editing in place and revoking.
import { clearError, h, showError, showProblem } from './dom.mjs';
import { dateInDays, formatDateTime, keyStatus, toDateInput } from './format.mjs';
import { listOptions, parseTarget } from './query.mjs';

const FILTER_DELAY_MS = 300;
const COLUMNS = 5;

const SOURCES = {
  user: { label: undefined, caption: () => 'My named API keys' },
  application: { label: 'Application slug, uuid or id', caption: (t) => `Provisioning keys of application ${t}` },
  device: { label: 'Device uuid or id', caption: (t) => `API keys of device ${t}` },
};

const byId = (id) => document.getElementById(id);

/** A `<time>` showing an API date. */
function timeCell(iso) {
  return h('time', { dateTime: iso, title: iso }, formatDateTime(iso));
}

/** The expiry cell of a row in view mode: the date (if any) and the status badge. */
function expiryCell(expiryDate) {
  const status = keyStatus(expiryDate);
  return [
    expiryDate ? timeCell(expiryDate) : null,
    h('span', { class: `badge badge-${status.kind}`, 'data-status': status.kind }, status.label),
  ];
}

/** A table cell carrying its column name for the phone layout. */
function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}

/** A full-width row with a message: loading, empty, failed. */
function messageRow(kind, text) {
  return h('tr', { class: `message-row ${kind}` }, h('td', { colSpan: COLUMNS }, text));
}

/**
 * The key list of a connected dashboard.
 * @param {{ sdk: () => object, announce: (text: string) => void }} env
 *   `sdk` gives the connected sdk instance; `announce` writes the status line.
 * @returns {{ reset: () => void, load: () => Promise<void>, showsUserKeys: () => boolean }}
 *   `reset` goes back to the user's named keys, default order, no filter;
 *   `load` (re)loads the current list.
 */
export function setupKeyList({ sdk, announce }) {
  const table = byId('keys-table');
  const body = byId('keys-body');
  const listError = byId('list-error');
  const source = byId('source');
  const target = byId('target');
  const filter = byId('filter');
  const dialog = byId('revoke-dialog');
  const view = { kind: 'user', target: undefined, text: '', sort: { field: 'name', direction: 'asc' } };
  let generation = 0;
  let filterTimer;
  let revoking;

  const fetchKeys = (options) => {
    const api = sdk().models.apiKey;
    if (view.kind === 'application') return api.getProvisioningApiKeysByApplication(view.target, options);
    if (view.kind === 'device') return api.getDeviceApiKeysByDevice(view.target, options);
    return api.getAllNamedUserApiKeys(options);
  };

  /** Loads the list for `view`; a newer load makes an older answer count for nothing. */
  async function load({ focusKey } = {}) {
    const mine = ++generation;
    clearTimeout(filterTimer);
    table.setAttribute('aria-busy', 'true');
    body.replaceChildren(messageRow('loading', 'Loading API keys…'));
    announce('Loading API keys…');
    byId('keys-caption').textContent = SOURCES[view.kind].caption(view.target);
    let rows;
    try {
      rows = await fetchKeys(listOptions(view));
    } catch (error) {
      if (mine !== generation) return;
      table.removeAttribute('aria-busy');
      showError(listError, error, 'Could not list the keys');
      body.replaceChildren(messageRow('failed', 'The keys could not be loaded.'));
      announce('');
      return;
    }
    if (mine !== generation) return;
    table.removeAttribute('aria-busy');
    clearError(listError);
    if (rows.length === 0) {
      const text = view.text.trim() ? `No API keys match “${view.text.trim()}”.` : 'No API keys here yet.';
      body.replaceChildren(messageRow('empty', text));
      announce(text);
      return;
    }
    body.replaceChildren(...rows.map(viewRow));
    announce(`${rows.length} API ${rows.length === 1 ? 'key' : 'keys'}`);
    if (focusKey !== undefined) body.querySelector(`tr[data-key-id="${focusKey}"] button`)?.focus();
  }

  function viewRow(key) {
    const row = h('tr', { 'data-key-id': key.id },
      cell('Name', h('span', { class: 'key-name' }, key.name ?? '(no name)')),
      cell('Description', key.description ? key.description : h('span', { class: 'muted' }, '—')),
      cell('Created', timeCell(key.created_at)),
      cell('Expiry', ...expiryCell(key.expiry_date)),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${key.name ?? `key ${key.id}`}`, onclick: () => edit(row, key) }, 'Edit'),
        h('button', { type: 'button', class: 'danger-outline', 'aria-label': `Revoke ${key.name ?? `key ${key.id}`}`, onclick: (event) => askRevoke(key, event.currentTarget) }, 'Revoke')));
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
      body.querySelector(`tr[data-key-id="${key.id}"] button`)?.focus();
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
    }
  }

  function askRevoke(key, opener) {
    revoking = { key, opener };
    byId('revoke-text').textContent = `“${key.name ?? `key ${key.id}`}” stops working at once for everything that uses it. This cannot be undone.`;
    clearError(byId('revoke-error'));
    byId('revoke-confirm').disabled = false;
    dialog.showModal();
    byId('revoke-cancel').focus();
  }

  byId('revoke-cancel').addEventListener('click', () => dialog.close());
  // Escape closes the dialog, except while the revoke is on its way.
  dialog.addEventListener('cancel', (event) => {
    if (byId('revoke-confirm').disabled) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    if (revoking?.opener.isConnected) revoking.opener.focus();
    revoking = undefined;
  });
  byId('revoke-confirm').addEventListener('click', async (event) => {
    const { key } = revoking;
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await sdk().models.apiKey.revoke(key.id);
    } catch (failure) {
      button.disabled = false;
      showError(byId('revoke-error'), failure, 'Could not revoke the key');
      return;
    }
    dialog.close();
    await load();
    announce(`Revoked “${key.name ?? `key ${key.id}`}”. ${byId('list-status').textContent}`);
  });

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
      generation++;
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

// Pine options for the key lists: the text filter and the sort order go to
// the API (server-side), never applied to rows in the page.

/** The fields every list selects: what the table shows, plus the id. */
export const LIST_FIELDS = ['id', 'name', 'description', 'created_at', 'expiry_date'];

/** The columns that can be sorted on, by API field name. */
export const SORTABLE_FIELDS = ['name', 'description', 'created_at', 'expiry_date'];

/**
 * The `$filter` for a text search: keys whose name or description contains
 * the text, case-insensitively (`contains(tolower(name),'ci') or
 * contains(tolower(description),'ci')`). `undefined` for a blank text.
 * @param {string} text what the user typed
 * @returns {object|undefined}
 * @example textFilter('CI') // { $or: [{ $contains: [{ $tolower: { $: 'name' } }, 'ci'] }, …] }
 */
export function textFilter(text) {
  const needle = text.trim().toLowerCase();
  if (needle === '') return undefined;
  const contains = (field) => ({ $contains: [{ $tolower: { $: field } }, needle] });
  return { $or: [contains('name'), contains('description')] };
}

/**
 * The pine options of one list request: the selected fields, the sort
 * (`{ field: 'asc' | 'desc' }`, ties broken by id) and the text filter.
 * @param {{ text?: string, sort: { field: string, direction: 'asc' | 'desc' } }} view
 * @returns {object} options for `getAllNamedUserApiKeys` and the other list methods
 * @example listOptions({ text: 'ci', sort: { field: 'created_at', direction: 'desc' } })
 */
export function listOptions({ text = '', sort }) {
  if (!SORTABLE_FIELDS.includes(sort.field)) throw new Error(`not a sortable field: ${sort.field}`);
  const options = { $select: LIST_FIELDS, $orderby: [{ [sort.field]: sort.direction }, { id: 'asc' }] };
  const filter = textFilter(text);
  if (filter) options.$filter = filter;
  return options;
}

/**
 * What the user typed to name an application or a device, as the package
 * wants it: digits only means an id (a number), anything else a slug or uuid
 * (a string, trimmed). `undefined` for a blank entry.
 * @param {string} text
 * @returns {number|string|undefined}
 * @example parseTarget(' 12 ') // 12
 */
export function parseTarget(text) {
  const value = text.trim();
  if (value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

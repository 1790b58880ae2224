// Small DOM helpers: elements from data (text is always set as text, never
// parsed as HTML) and the way every error is shown.

/**
 * Creates an element. `props` keys starting with `on` add listeners; `class`,
 * `for` and the `aria-*` / `data-*` keys become attributes; anything else is
 * set as a property. Children are nodes or strings (added as text).
 * @param {string} tag
 * @param {object} [props]
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 * @example h('button', { type: 'button', onclick: save }, 'Save')
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class' || key === 'for' || key === 'form' || key === 'role' || key.startsWith('aria-') || key.startsWith('data-')) {
      element.setAttribute(key, value === true ? '' : String(value));
    } else element[key] = value;
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/**
 * The code an error is known by: balena errors carry `code` (the class name);
 * other errors (a failed fetch is a `TypeError`) their `name`.
 * @param {unknown} error
 * @returns {string}
 */
export function errorCode(error) {
  return (error && (error.code || error.name)) || 'Error';
}

/**
 * Shows an error in `box` (a `role="alert"` element next to what failed):
 * what was being done, the error's message and its code (and the HTTP
 * status, when there was one).
 * @param {HTMLElement} box
 * @param {unknown} error
 * @param {string} doing e.g. 'Could not revoke the key'
 * @param {string} [hint] a sentence on what may have caused it, shown below
 */
export function showError(box, error, doing, hint) {
  const message = error instanceof Error ? error.message : String(error);
  const status = error?.statusCode ? ` · HTTP ${error.statusCode}` : '';
  box.replaceChildren(
    h('span', { class: 'error-doing' }, `${doing}: `),
    h('span', { class: 'error-message' }, message || '(no message)'),
    ' ',
    h('code', { class: 'error-code' }, errorCode(error) + status),
  );
  if (hint) box.append(h('span', { class: 'error-hint' }, hint));
  box.hidden = false;
}

/**
 * Shows a problem the page found itself (nothing was sent), e.g. a missing
 * name, in the same place an API error would appear.
 * @param {HTMLElement} box
 * @param {string} message
 */
export function showProblem(box, message) {
  box.replaceChildren(h('span', { class: 'error-message' }, message));
  box.hidden = false;
}

/** Empties and hides an error box. */
export function clearError(box) {
  box.replaceChildren();
  box.hidden = true;
}

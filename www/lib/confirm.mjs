// The page's one confirmation dialog: it asks before a revoke or a rotation,
// runs the action while it stays open, and shows why the action failed
// inside it, so the user can try again or cancel.
import { clearError, showError } from './dom.mjs';

const byId = (id) => document.getElementById(id);

/**
 * @typedef {object} ConfirmRequest
 * @property {string} title the dialog's heading, e.g. 'Revoke this API key?'
 * @property {string} text what will happen
 * @property {string} confirmLabel the confirm button, e.g. 'Revoke key'
 * @property {boolean} [danger] a red confirm button, for what cannot be undone
 * @property {string} failure what a failure is shown as, e.g. 'Could not revoke the key'
 * @property {HTMLElement} opener where focus goes back when the dialog closes
 * @property {() => Promise<unknown>} action runs on confirm; if it throws, the dialog shows why and stays
 * @property {(result: unknown) => unknown} done runs with the action's result once the dialog closed
 */

/**
 * Sets up `#confirm-dialog` (Cancel, Escape and the confirm button).
 * @returns {(request: ConfirmRequest) => void} opens the dialog for one request
 * @example confirm({ title: 'Revoke this API key?', text, confirmLabel: 'Revoke key', danger: true,
 *   failure: 'Could not revoke the key', opener: button, action: () => api.revoke(id), done: reload })
 */
export function setupConfirmDialog() {
  const dialog = byId('confirm-dialog');
  const error = byId('confirm-error');
  const confirmButton = byId('confirm-action');
  let current;

  byId('confirm-cancel').addEventListener('click', () => dialog.close());
  // Escape closes the dialog, except while the action is on its way.
  dialog.addEventListener('cancel', (event) => {
    if (confirmButton.disabled) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    if (current?.opener.isConnected) current.opener.focus();
    current = undefined;
  });
  confirmButton.addEventListener('click', async () => {
    const request = current;
    confirmButton.disabled = true;
    let result;
    try {
      result = await request.action();
    } catch (failure) {
      confirmButton.disabled = false;
      showError(error, failure, request.failure);
      return;
    }
    // `done` runs after the close event gave focus back to the opener, so
    // that it may move focus on (e.g. to a new key it shows).
    const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    dialog.close();
    await closed;
    await request.done(result);
  });

  return (request) => {
    current = request;
    byId('confirm-title').textContent = request.title;
    byId('confirm-text').textContent = request.text;
    confirmButton.textContent = request.confirmLabel;
    confirmButton.className = request.danger ? 'danger' : '';
    confirmButton.disabled = false;
    clearError(error);
    dialog.showModal();
    byId('confirm-cancel').focus();
  };
}

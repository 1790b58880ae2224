// The one-time display of a new API key, for a created key and for the
// replacement a rotation made: the key with a copy button until the user
// hides it, after which it is gone from the page for good.
const byId = (id) => document.getElementById(id);

/**
 * @typedef {object} RevealRequest
 * @property {string} heading e.g. 'Your new API key'
 * @property {string} [note] a sentence below the heading
 * @property {boolean} [problem] shows the note as a problem to act on
 * @property {() => void} dismissed where focus goes once the user hid the key
 */

/**
 * Sets up `#new-key` (the copy and hide buttons).
 * @returns {{ show: (key: string, request: RevealRequest) => void, forget: () => void }}
 *   `show` puts a key on display and focuses it; `forget` hides it and drops it from the page
 */
export function setupKeyReveal() {
  const reveal = byId('new-key');
  const note = byId('new-key-note');
  const keyText = byId('new-key-value');
  const copyStatus = byId('copy-status');
  let dismissed = () => {};

  const forget = () => {
    keyText.replaceChildren();
    copyStatus.textContent = '';
    note.textContent = '';
    note.hidden = true;
    reveal.hidden = true;
  };

  byId('copy-key').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(keyText.textContent);
      copyStatus.textContent = 'Copied to the clipboard.';
    } catch (failure) {
      getSelection().selectAllChildren(keyText);
      copyStatus.replaceChildren(`Could not copy (${failure.message}): the key is selected, copy it with Ctrl+C.`);
    }
  });

  byId('dismiss-key').addEventListener('click', () => {
    forget();
    dismissed();
  });

  return {
    show(key, request) {
      forget();
      byId('new-key-title').textContent = request.heading;
      if (request.note) {
        note.textContent = request.note;
        note.className = request.problem ? 'error' : 'hint';
        note.hidden = false;
      }
      keyText.textContent = String(key);
      dismissed = request.dismissed;
      reveal.hidden = false;
      reveal.focus();
    },
    forget,
  };
}

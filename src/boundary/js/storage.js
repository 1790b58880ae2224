// Where the session token lives between runs, as balena-sdk keeps it: the
// file `<dataDirectory>/token` in Node (so a token saved by the balena CLI
// works), `localStorage['balena-token']` in browsers.

function nodeModule(name) {
  const builtin = globalThis.process?.getBuiltinModule?.(name);
  if (builtin) {
    return builtin;
  }
  return typeof module === 'object' && typeof module.require === 'function' ? module.require(name) : undefined;
}

/** Whether the page has a working localStorage (as balena-settings-storage tests it). */
export function hasLocalStorage() {
  try {
    const key = `__${Math.round(Math.random() * 1e7)}`;
    globalThis.localStorage.setItem(key, key);
    const works = globalThis.localStorage.getItem(key) === key;
    globalThis.localStorage.removeItem(key);
    return works;
  } catch {
    return false;
  }
}

/** balena-settings-client's default data directory, or undefined outside Node. */
export function defaultDataDirectory() {
  const env = globalThis.process?.env;
  const path = nodeModule('path');
  if (!env || !path) {
    return undefined;
  }
  const configured = env.BALENARC_DATA_DIRECTORY ?? env.RESINRC_DATA_DIRECTORY;
  if (configured) {
    return configured;
  }
  const home = nodeModule('os')?.homedir() ?? env.HOME ?? env.USERPROFILE;
  return home ? path.join(home, env.OS === 'Windows_NT' ? '_balena' : '.balena') : undefined;
}

/** Whether files can be used (Node). */
export function hasFileSystem() {
  return nodeModule('fs') !== undefined;
}

function tokenPath(directory) {
  return nodeModule('path').join(directory, 'token');
}

/** The stored text, or null; `directory` null means localStorage. */
export function readStored(directory) {
  if (directory == null) {
    return globalThis.localStorage.getItem('balena-token');
  }
  try {
    return nodeModule('fs').readFileSync(tokenPath(directory), 'utf8');
  } catch (error) {
    if (error.code === 'EACCES') {
      throw error;
    }
    return null;
  }
}

/**
 * Stores the text; `directory` null means localStorage. In Node the
 * directory is created private (0700) and the file is replaced atomically:
 * the text goes to a new private (0600) file beside it, is flushed to disk
 * and renamed over `token`, so a reader sees the old token or the new one,
 * never part of one, and a symlink at `token` is replaced, never followed.
 */
export function writeStored(directory, text) {
  if (directory == null) {
    globalThis.localStorage.setItem('balena-token', text);
    return;
  }
  const fs = nodeModule('fs');
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW = 0 } = fs.constants;
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const temporary = nodeModule('path').join(directory, `.token-${globalThis.process?.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = fs.openSync(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, tokenPath(directory));
  } catch (error) {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // already renamed or gone
    }
    throw error;
  }
}

/** Removes the stored text; `directory` null means localStorage. */
export function removeStored(directory) {
  if (directory == null) {
    globalThis.localStorage.removeItem('balena-token');
    return;
  }
  try {
    nodeModule('fs').unlinkSync(tokenPath(directory));
  } catch {
    // nothing stored
  }
}

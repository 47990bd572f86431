// Calls the admin API with the admin token as a Bearer token. The token lives in sessionStorage (this tab only);
// a 401 forgets it and asks again, then the call is retried.
import { byId } from './dom.js';

const TOKEN_KEY = 'extproc-console-admin-token';
let pendingAsk = null;

export class ApiError extends Error {
  constructor(status, message, error) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

function askToken(refused) {
  if (pendingAsk) return pendingAsk;
  pendingAsk = new Promise((resolve) => {
    const dialog = byId('token-dialog');
    const form = byId('token-form');
    const input = byId('token-input');
    byId('token-error').hidden = !refused;
    input.value = '';
    const submit = (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      form.removeEventListener('submit', submit);
      sessionStorage.setItem(TOKEN_KEY, token);
      dialog.close();
      pendingAsk = null;
      resolve(token);
    };
    form.addEventListener('submit', submit);
    // The token is required: Escape must not leave the page without one.
    dialog.addEventListener('cancel', (event) => event.preventDefault(), { once: true });
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
  return pendingAsk;
}

/** The token for this tab, asking for it first when there is none. */
export async function ensureToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? askToken(false);
}

/** JSON in, JSON out; throws ApiError with the OpenAI-style error's message for a non-2xx answer. */
export async function api(path, { method = 'GET', body } = {}) {
  for (;;) {
    const token = await ensureToken();
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      forgetToken();
      await askToken(true);
      continue;
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(response.status, `unexpected answer (${response.status})`);
    }
    if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? response.statusText, data?.error);
    return data;
  }
}

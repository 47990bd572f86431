// The console shell: one page per tab, chosen by the URL hash; each page loads its data when shown.
import { ensureToken, forgetToken } from './api.js';
import { showAnalyze } from './analyze.js';
import { byId, say } from './dom.js';
import { showPlayground } from './playground.js';
import { showRouters } from './routers.js';

const PAGES = { analyze: showAnalyze, playground: showPlayground, routers: showRouters };

async function show() {
  const name = location.hash.slice(1) in PAGES ? location.hash.slice(1) : 'analyze';
  for (const page of Object.keys(PAGES)) {
    byId(`page-${page}`).hidden = page !== name;
    const tab = byId(`tab-${page}`);
    if (page === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  document.body.dataset.page = name;
  delete document.body.dataset.ready;
  try {
    await PAGES[name]();
  } catch (error) {
    say(error.message, true);
  } finally {
    // Lets tests (and people) tell a loaded page from one still fetching.
    document.body.dataset.ready = name;
  }
}

window.addEventListener('hashchange', show);
byId('analyze-refresh').addEventListener('click', show);
byId('analyze-window').addEventListener('change', show);
byId('forget-token').addEventListener('click', () => { forgetToken(); location.reload(); });
await ensureToken();
await show();

import { api } from './api.js';
import { byId, h, ms, perMillion, replace, say } from './dom.js';

const ROLES = ['user', 'assistant', 'system'];

function turn(role = 'user', content = '') {
  const item = h('li', { className: 'turn' },
    h('select', { className: 'turn-role', 'aria-label': 'role' }, ROLES.map((r) => h('option', { value: r }, r))),
    h('textarea', { className: 'turn-content', 'aria-label': 'message', placeholder: 'message text' }),
    h('button', { type: 'button', className: 'quiet', title: 'Remove this turn', onclick: () => item.remove() }, '✕'));
  item.querySelector('select').value = role;
  item.querySelector('textarea').value = content;
  return item;
}

function conversation() {
  return [...byId('playground-turns').children]
    .map((item) => ({ role: item.querySelector('select').value, content: item.querySelector('textarea').value }))
    .filter((message) => message.content.trim() !== '');
}

function candidateTable(candidates) {
  return h('table', { className: 'table' },
    h('thead', {}, h('tr', {}, ['#', 'Model', 'Provider', 'Price (in + out)', 'Input', 'Output', 'TTFT', 'Available'].map((c) => h('th', {}, c)))),
    h('tbody', {}, candidates.map((c) => h('tr', { className: c.chosen ? 'chosen' : '' },
      h('td', {}, String(c.rank)),
      h('td', {}, c.model, c.chosen ? ' ✓' : ''),
      h('td', {}, c.provider),
      h('td', {}, perMillion(c.price_per_million)),
      h('td', {}, perMillion(c.input_price_per_million)),
      h('td', {}, perMillion(c.output_price_per_million)),
      h('td', {}, ms(c.ttft_ms)),
      h('td', {}, c.available ? 'yes' : 'cooling down / no key')))));
}

function render(result) {
  const fact = (id, label, value) => [h('dt', {}, label), h('dd', { id }, value)];
  replace(byId('playground-result'),
    h('h2', {}, 'Decision'),
    h('dl', { className: 'facts' },
      fact('result-task', 'Task', result.task),
      fact('result-model', 'Model', `${result.model} (${result.provider})`),
      fact('result-confidence', 'Confidence', result.confidence === null ? '–' : result.confidence.toFixed(3)),
      fact('result-latency', 'Decision latency', ms(result.decision_ms)),
      fact('result-fallback', 'Fallback', h('span', { className: `pill ${result.fallback ? 'yes' : 'no'}` }, result.fallback ? 'yes' : 'no')),
      fact('result-classifier', 'Classifier', result.classifier),
      fact('result-policy', 'Selection policy', result.preference ?? '–')),
    h('h2', {}, result.matched_task ? `Candidates for ${result.matched_task}, ranked` : 'No task matched'),
    result.candidates.length ? candidateTable(result.candidates) : h('p', { className: 'hint' }, 'The fallback models serve.'),
    h('h2', {}, 'Fallback models'),
    candidateTable(result.fallback_models),
    result.scores.length ? h('p', { className: 'hint', id: 'result-scores' },
      'Scores: ', result.scores.map((s) => `${s.route} ${Number(s.score).toFixed(3)}`).join(' · ')) : null);
}

async function route() {
  const router = byId('playground-router').value;
  const messages = conversation();
  if (!router) { say('No router to route with: create one on the Routers page.', true); return; }
  if (messages.length === 0) { say('Type at least one message.', true); return; }
  try {
    render(await api('/api/console/route', { method: 'POST', body: { router, messages } }));
  } catch (error) {
    replace(byId('playground-result'), h('h2', {}, 'Decision'), h('p', { className: 'error', id: 'result-error' }, error.message));
  }
}

function renderReply(reply) {
  const fact = (id, label, value) => [h('dt', {}, label), h('dd', { id }, value ?? '–')];
  const panel = byId('playground-reply');
  panel.hidden = false;
  replace(panel,
    h('h2', {}, 'Answer from the front door'),
    h('dl', { className: 'facts' },
      fact('reply-status', 'Status', String(reply.status)),
      fact('reply-model', 'Model', reply.model),
      fact('reply-task', 'Task', reply.task),
      fact('reply-cost', 'Cost (USD)', reply.cost_usd),
      fact('reply-tokens', 'Tokens (in / out)', reply.input_tokens === null ? null : `${reply.input_tokens} / ${reply.output_tokens}`),
      fact('reply-latency', 'Latency', ms(reply.latency_ms))),
    reply.error
      ? h('p', { className: 'error', id: 'reply-error' }, reply.error)
      : h('pre', { className: 'reply', id: 'reply-content' }, reply.content ?? ''));
}

async function send() {
  const router = byId('playground-router').value;
  const messages = conversation();
  if (!router || messages.length === 0) { say('Pick a router and type at least one message.', true); return; }
  const key = byId('playground-key').value;
  try {
    renderReply(await api('/api/console/send', { method: 'POST', body: { router, messages, access_key: key || null } }));
  } catch (error) {
    renderReply({ status: error.status, error: error.message, input_tokens: null });
  }
}

let wired = false;

export async function showPlayground() {
  if (!wired) {
    wired = true;
    byId('playground-turns').append(turn());
    byId('playground-add-turn').addEventListener('click', () => {
      const turns = byId('playground-turns');
      const last = turns.lastElementChild?.querySelector('select').value;
      turns.append(turn(last === 'user' ? 'assistant' : 'user'));
    });
    byId('playground-route').addEventListener('click', route);
    byId('playground-send').addEventListener('click', send);
  }
  const catalog = await api('/api/console/catalog');
  byId('playground-send').hidden = !catalog.can_send;
  byId('playground-key-label').hidden = !catalog.can_send;
  byId('playground-no-send').hidden = catalog.can_send;
  const select = byId('playground-router');
  const previous = select.value;
  replace(select, catalog.routers.map((r) => h('option', { value: r.name }, `${r.name} (${r.source})`)));
  if (catalog.routers.some((r) => r.name === previous)) select.value = previous;
}

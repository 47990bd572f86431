import { api } from './api.js';
import { byId, h, replace, say } from './dom.js';

const ROUTERS_API = '/v2/gen-ai/models/routers';
const PREFERENCES = [['', 'list order'], ['cheapest', 'cheapest'], ['fastest', 'fastest']];
let catalog = { routers: [], models: [] };

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

function showDetail(router) {
  replace(byId('routers-detail'),
    h('h2', { id: 'router-detail-name' }, router.name),
    router.description ? h('p', { className: 'hint' }, router.description) : null,
    h('p', {}, h('span', { className: 'pill' }, router.source === 'api' ? 'control-plane API' : 'configuration file'),
      router.preset ? ` preset: ${router.preset}` : ''),
    h('table', { className: 'table' },
      h('thead', {}, h('tr', {}, ['Task', 'Description', 'Models', 'Policy'].map((c) => h('th', {}, c)))),
      h('tbody', {}, router.tasks.map((t) => h('tr', {},
        h('td', {}, t.name), h('td', {}, t.description), h('td', {}, t.models.join(', ')), h('td', {}, t.prefer))))),
    h('p', {}, 'Fallback: ', router.fallback_models.join(', ')),
    router.source === 'api'
      ? h('div', { className: 'actions' }, h('button', { type: 'button', id: 'router-edit', className: 'primary', onclick: () => edit(router).catch((e) => say(e.message, true)) }, 'Edit'))
      : h('p', { className: 'hint' }, 'Routers from the configuration file are edited in router.yaml.'));
}

function taskFieldset(task = {}) {
  const prefer = h('select', { className: 'task-prefer', 'aria-label': 'selection policy' },
    PREFERENCES.map(([value, label]) => h('option', { value }, label)));
  prefer.value = task.selection_policy?.prefer ?? '';
  const box = h('div', { className: 'task' },
    h('label', {}, 'Task name', h('input', { className: 'task-name', value: task.custom_task?.name ?? '', placeholder: 'e.g. syntax-check' })),
    h('label', {}, 'Description (what the classifier matches)',
      h('textarea', { className: 'task-description', value: task.custom_task?.description ?? '' })),
    h('label', {}, 'Models, best first (1 to 3, comma-separated)',
      h('input', { className: 'task-models', value: (task.models ?? []).join(', '), list: 'model-slugs' })),
    h('label', {}, 'Selection policy', prefer),
    h('div', { className: 'actions' }, h('button', { type: 'button', className: 'quiet danger', onclick: () => box.remove() }, 'Remove task')));
  return box;
}

function definitionFromForm() {
  return {
    name: byId('router-name').value.trim(),
    description: byId('router-description').value.trim() || undefined,
    policies: [...byId('router-tasks').children].map((box) => {
      const prefer = box.querySelector('.task-prefer').value;
      return {
        custom_task: { name: box.querySelector('.task-name').value.trim(), description: box.querySelector('.task-description').value.trim() },
        models: list(box.querySelector('.task-models').value),
        selection_policy: prefer ? { prefer } : undefined,
      };
    }),
    fallback_models: list(byId('router-fallback').value),
  };
}

function showEditor(definition, uuid) {
  const message = h('p', { id: 'router-message', 'aria-live': 'polite' });
  const result = (text, isError) => { message.textContent = text; message.className = isError ? 'error' : 'hint'; };
  const target = uuid ? `${ROUTERS_API}/${encodeURIComponent(uuid)}` : ROUTERS_API;
  const method = uuid ? 'PUT' : 'POST';
  replace(byId('routers-detail'),
    h('h2', {}, uuid ? `Edit ${definition.name}` : 'New router'),
    h('datalist', { id: 'model-slugs' }, catalog.models.map((m) => h('option', { value: m.slug }))),
    h('div', { className: 'form' },
      h('label', {}, 'Name', h('input', { id: 'router-name', value: definition.name ?? '', placeholder: 'lower-case, e.g. coding' })),
      h('label', {}, 'Description', h('input', { id: 'router-description', value: definition.description ?? '' })),
      h('div', { id: 'router-tasks', className: 'form' }, (definition.policies ?? [{}]).map(taskFieldset)),
      h('div', { className: 'actions' },
        h('button', { type: 'button', id: 'router-add-task', className: 'quiet', onclick: () => byId('router-tasks').append(taskFieldset()) }, 'Add task')),
      h('label', {}, 'Fallback models (comma-separated)',
        h('input', { id: 'router-fallback', value: (definition.fallback_models ?? []).join(', '), list: 'model-slugs' })),
      h('p', { className: 'hint' }, `Models: ${catalog.models.map((m) => m.slug).join(', ')}`),
      message,
      h('div', { className: 'actions' },
        h('button', { type: 'button', id: 'router-validate', onclick: async () => {
          try {
            await api(`${target}?dry_run=true`, { method, body: definitionFromForm() });
            result('Valid: the router would be accepted.', false);
          } catch (error) { result(error.message, true); }
        } }, 'Validate'),
        h('button', { type: 'button', id: 'router-save', className: 'primary', onclick: async () => {
          try {
            const saved = await api(target, { method, body: definitionFromForm() });
            say(`Saved router ${saved.model_router.name}`);
            await showRouters();
            const router = catalog.routers.find((r) => r.name === saved.model_router.name);
            if (router) showDetail(router);
          } catch (error) { result(error.message, true); }
        } }, uuid ? 'Save' : 'Create'))));
}

async function edit(router) {
  const stored = (await api(`${ROUTERS_API}/${encodeURIComponent(router.uuid)}`)).model_router;
  showEditor({ name: stored.name, description: stored.description, ...stored.config }, stored.uuid);
}

let wired = false;

export async function showRouters() {
  if (!wired) {
    wired = true;
    byId('routers-new').addEventListener('click', () => showEditor({ policies: [{}] }, null));
    byId('routers-refresh').addEventListener('click', () => showRouters().catch((e) => say(e.message, true)));
  }
  catalog = await api('/api/console/catalog');
  replace(byId('routers-table').querySelector('tbody'), catalog.routers.map((router) => h('tr', { 'data-router': router.name },
    h('td', {}, router.name),
    h('td', {}, h('span', { className: 'pill' }, router.source)),
    h('td', {}, String(router.tasks.length)),
    h('td', {}, router.fallback_models.join(', ')),
    h('td', {}, h('button', { type: 'button', className: 'quiet', onclick: () => showDetail(router) }, 'View')))));
  if (!byId('routers-detail').hasChildNodes()) {
    replace(byId('routers-detail'), h('p', { className: 'hint' }, 'Pick a router to view it, or create a new one.'));
  }
}

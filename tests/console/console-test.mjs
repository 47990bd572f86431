// Drives the admin web console in headless Debian chromium (playwright-core, no bundled browser) against a running
// sidecar. Started by tests/ExtProc.Tests/WebConsole/ConsoleBrowserTests.cs, which brings up the stack, sends traffic
// and passes what it expects in the environment:
//   CONSOLE_ADMIN_URL, CONSOLE_ADMIN_TOKEN, CONSOLE_SCREENSHOTS (folder), CONSOLE_ROUTER, CONSOLE_PROMPT,
//   CONSOLE_EXPECT_TASK, CONSOLE_EXPECT_MODEL (what a real request with that prompt got), CONSOLE_MIN_REQUESTS.
// Prints one JSON summary line ({ok, steps: [{name, ok, error?}], screenshots}) and exits 1 when any step failed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const admin = env('CONSOLE_ADMIN_URL').replace(/\/$/, '');
const token = env('CONSOLE_ADMIN_TOKEN');
const shots = env('CONSOLE_SCREENSHOTS');
const router = env('CONSOLE_ROUTER');
const prompt = env('CONSOLE_PROMPT');
const expectTask = env('CONSOLE_EXPECT_TASK');
const expectModel = env('CONSOLE_EXPECT_MODEL');
const minRequests = Number(env('CONSOLE_MIN_REQUESTS'));
const createdRouter = 'console-created';
const timeout = 15_000;

mkdirSync(shots, { recursive: true });
const steps = [];
const screenshots = [];
const pageErrors = [];
const failedAnswers = [];
// The answers the steps provoke on purpose: the refused token, the unknown router, the invalid definition.
const expectedFailures = new Set(['401 /api/console/analytics', '404 /api/console/route', '400 /v2/gen-ai/models/routers']);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, run) {
  try {
    await run();
    steps.push({ name, ok: true });
  } catch (error) {
    steps.push({ name, ok: false, error: String(error?.message ?? error).split('\n')[0] });
    throw error;
  }
}

async function screenshot(page, name) {
  await page.evaluate(() => { document.getElementById('status').hidden = true; });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
}

async function showPage(page, name) {
  await page.evaluate((hash) => { location.hash = hash; }, name);
  await page.waitForSelector(`body[data-ready="${name}"]`, { timeout });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let ok = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Chromium logs every 4xx answer as a console error without its URL; answers are checked by URL below instead.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedAnswers.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });

  await step('a wrong token is refused and asked for again', async () => {
    await page.goto(`${admin}/console`);
    await page.waitForSelector('#token-dialog[open]');
    await page.fill('#token-input', 'not-the-admin-token');
    await page.click('#token-submit');
    await page.waitForSelector('#token-error:not([hidden])');
    check(await page.isVisible('#token-dialog[open]'), 'the token dialog closed after a refused token');
  });

  await step('the admin token opens Analyze', async () => {
    await page.fill('#token-input', token);
    await page.click('#token-submit');
    await page.waitForSelector('body[data-ready="analyze"]');
    check(!(await page.isVisible('#token-dialog[open]')), 'the token dialog is still open');
    check(new URL(page.url()).pathname === '/console/', `redirected to ${page.url()}, not /console/`);
  });

  await step('Playground routes a conversation and shows the task and model', async () => {
    await showPage(page, 'playground');
    await page.selectOption('#playground-router', router);
    await page.fill('#playground-turns li:nth-child(1) textarea', prompt);
    await page.click('#playground-add-turn');
    check(await page.locator('#playground-turns li').count() === 2, 'Add turn did not add a second turn');
    await page.click('#playground-route');
    await page.waitForSelector('#result-model');
    const task = (await page.textContent('#result-task')).trim();
    const model = (await page.textContent('#result-model')).trim();
    check(task === expectTask, `task shown is '${task}', a real request got '${expectTask}'`);
    check(model.startsWith(`${expectModel} `), `model shown is '${model}', a real request got '${expectModel}'`);
    check(/ms$/.test((await page.textContent('#result-latency')).trim()), 'no decision latency shown');
    const candidates = await page.locator('#playground-result table').first().locator('tbody tr').count();
    check(candidates >= 1, 'no ranked candidates shown');
    await screenshot(page, 'console-playground');
  });

  await step('Playground sends the conversation through the front door and shows the answer', async () => {
    check(await page.isVisible('#playground-send'), 'the Send button is hidden although the sidecar knows its front door');
    await page.click('#playground-send');
    await page.waitForSelector('#reply-status');
    const status = (await page.textContent('#reply-status')).trim();
    const model = (await page.textContent('#reply-model')).trim();
    check(status === '200', `the front door answered ${status}: ${await page.textContent('#playground-reply')}`);
    check(model === expectModel, `the answer came from '${model}', a real request got '${expectModel}'`);
    check((await page.textContent('#reply-content')).trim().length > 0, 'no answer text shown');
    await screenshot(page, 'console-playground-send');
  });

  await step('Playground shows an unknown router error', async () => {
    // The dry-run API answers 404 for a router that is not configured; the page shows the message.
    const answer = await page.evaluate(async ([t]) => {
      const response = await fetch('/api/console/route', {
        method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ router: 'no-such-router', messages: [{ role: 'user', content: 'hi' }] }),
      });
      return { status: response.status, body: await response.json() };
    }, [token]);
    check(answer.status === 404 && answer.body.error.code === 'router_not_found', `got ${JSON.stringify(answer)}`);
  });

  await step('Routers validates a bad definition with the server message', async () => {
    await showPage(page, 'routers');
    check(await page.locator(`#routers-table tr[data-router="${router}"]`).count() === 1, `router ${router} is not listed`);
    await page.click('#routers-new');
    await page.fill('#router-name', createdRouter);
    await page.fill('#router-tasks .task-name', 'syntax');
    await page.fill('#router-tasks .task-description', 'Find syntax errors in a code snippet');
    await page.fill('#router-tasks .task-models', 'no-such-model');
    await page.fill('#router-fallback', 'sim-echo');
    await page.click('#router-validate');
    await page.waitForSelector('#router-message.error');
    const message = await page.textContent('#router-message');
    check(message.includes('no-such-model'), `the validation message does not name the model: ${message}`);
  });

  await step('Routers creates a router that appears in the list and the API', async () => {
    await page.fill('#router-tasks .task-models', 'sim-small');
    await page.click('#router-validate');
    await page.waitForSelector('#router-message.hint');
    check((await page.textContent('#router-message')).startsWith('Valid'), 'the valid definition was not reported valid');
    await page.click('#router-save');
    await page.waitForSelector(`#routers-table tr[data-router="${createdRouter}"]`);
    await page.waitForSelector('#router-detail-name');
    const listed = await fetch(`${admin}/v2/gen-ai/models/routers`, { headers: { authorization: `Bearer ${token}` } });
    const names = (await listed.json()).model_routers.map((r) => r.name);
    check(names.includes(createdRouter), `the API lists ${JSON.stringify(names)}`);
    await screenshot(page, 'console-routers');
  });

  await step('Routers edits the created router through the API', async () => {
    await page.click('#router-edit');
    await page.waitForSelector('#router-description');
    check(await page.inputValue('#router-name') === createdRouter, 'the editor did not load the router');
    await page.fill('#router-description', 'edited in the console');
    await page.click('#router-save');
    await page.waitForSelector('#router-detail-name');
    const listed = await fetch(`${admin}/v2/gen-ai/models/routers`, { headers: { authorization: `Bearer ${token}` } });
    const stored = (await listed.json()).model_routers.find((r) => r.name === createdRouter);
    check(stored?.description === 'edited in the console', `the API has ${JSON.stringify(stored)}`);
  });

  await step('Analyze shows the requests made', async () => {
    await showPage(page, 'analyze');
    // The sidecar records a request when its stream ends, which can be just after the client got its answer.
    let requests = 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      requests = Number((await page.textContent('[data-metric="requests"] .value')).trim());
      if (requests >= minRequests) break;
      await page.click('#analyze-refresh');
      await page.waitForSelector('body[data-ready="analyze"]');
      await page.waitForTimeout(200);
    }
    check(requests >= minRequests, `Analyze shows ${requests} requests, expected at least ${minRequests}`);
    check(await page.locator('#chart-requests svg rect').count() > 0, 'the requests chart has no bars');
    check(await page.locator('#chart-models svg rect').count() > 0, 'the model share chart has no bars');
    await screenshot(page, 'console-analyze');
  });

  await step('no script error and no unexpected error answer', async () => {
    check(pageErrors.length === 0, pageErrors.join(' | '));
    const unexpected = failedAnswers.filter((answer) => !expectedFailures.has(answer));
    check(unexpected.length === 0, `unexpected answers: ${unexpected.join(', ')}`);
  });
  ok = true;
} catch {
  ok = false;
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ok, steps, screenshots }));
process.exit(ok ? 0 : 1);

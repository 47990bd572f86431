// Small DOM helpers: every text goes in through textContent, never as HTML, so data cannot inject markup.
const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'className') node.className = value;
    else if (key === 'value') node.value = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return append(node, children);
}

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  return append(node, children);
}

export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

export const byId = (id) => document.getElementById(id);

export function usd(value) {
  if (value === null || value === undefined) return '–';
  const number = Number(value);
  if (number === 0) return '$0';
  return number < 0.01 ? `$${number.toPrecision(3)}` : `$${number.toFixed(4)}`;
}

export const percent = (value) => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
export const ms = (value) => (value === null || value === undefined ? '–' : `${Number(value).toFixed(value < 10 ? 2 : 0)} ms`);
export const perMillion = (value) => (value === null || value === undefined ? '–' : `$${Number(value).toFixed(2)}/M`);

let statusTimer;
/** A short message at the bottom right; errors stay until the next message. */
export function say(message, isError = false) {
  const status = byId('status');
  status.textContent = message;
  status.className = isError ? 'status error' : 'status';
  status.hidden = false;
  clearTimeout(statusTimer);
  if (!isError) statusTimer = setTimeout(() => { status.hidden = true; }, 3000);
}

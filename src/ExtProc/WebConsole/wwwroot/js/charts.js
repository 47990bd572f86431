// Inline SVG charts, no library: stacked bars over time, a line over time, horizontal share bars.
import { h, svg, replace } from './dom.js';

export const COLORS = { good: '#1e9e6a', warn: '#d9822b', other: '#9aa3b5', accent: '#2f6fed' };
const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 26, left: 76 };
// Five divisions: every niceMax step (1, 2, 2.5, 5, 10) divides into round tick values.
const DIVISIONS = 5;

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function timeLabel(iso) {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function frame(max, format, starts) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts = [];
  for (let i = 0; i <= DIVISIONS; i++) {
    const y = MARGIN.top + plotHeight - (plotHeight * i) / DIVISIONS;
    parts.push(svg('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y, y2: y }));
    parts.push(svg('text', { x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end' }, format((max * i) / DIVISIONS)));
  }
  const step = Math.max(1, Math.ceil(starts.length / 6));
  starts.forEach((start, index) => {
    if (index % step !== 0) return;
    const x = MARGIN.left + (plotWidth * (index + 0.5)) / starts.length;
    parts.push(svg('text', { x, y: HEIGHT - 8, 'text-anchor': 'middle' }, timeLabel(start)));
  });
  return { parts, plotWidth, plotHeight };
}

function chartSvg(label, children) {
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label }, ...children);
}

function legend(series) {
  return h('div', { className: 'legend' },
    series.map((s) => h('span', {}, h('span', { className: `swatch s-${s.swatch}` }), s.label)));
}

/** Bars per bucket, stacked by series: [{key, label, color, swatch}], value = bucket[key]. */
export function stackedBars(container, buckets, series, label) {
  const totals = buckets.map((b) => series.reduce((sum, s) => sum + (b[s.key] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const { parts, plotWidth, plotHeight } = frame(max, (v) => String(Math.round(v)), buckets.map((b) => b.start));
  const slot = plotWidth / Math.max(1, buckets.length);
  buckets.forEach((bucket, index) => {
    let base = 0;
    for (const s of series) {
      const value = bucket[s.key] ?? 0;
      if (value <= 0) continue;
      const height = (plotHeight * value) / max;
      const y = MARGIN.top + plotHeight - (plotHeight * base) / max - height;
      parts.push(svg('rect', { x: MARGIN.left + index * slot + slot * 0.15, y, width: slot * 0.7, height, fill: s.color },
        svg('title', {}, `${timeLabel(bucket.start)} ${s.label}: ${value}`)));
      base += value;
    }
  });
  replace(container, chartSvg(label, parts), legend(series));
}

/** A line through the buckets that have a value; gaps where a bucket has none. */
export function lineChart(container, buckets, valueOf, format, label) {
  const values = buckets.map(valueOf);
  const max = niceMax(Math.max(0, ...values.filter((v) => v !== null && v !== undefined)));
  const { parts, plotWidth, plotHeight } = frame(max, format, buckets.map((b) => b.start));
  const slot = plotWidth / Math.max(1, buckets.length);
  let path = '';
  let pen = false;
  values.forEach((value, index) => {
    if (value === null || value === undefined) { pen = false; return; }
    const x = MARGIN.left + slot * (index + 0.5);
    const y = MARGIN.top + plotHeight - (plotHeight * value) / max;
    path += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    pen = true;
    parts.push(svg('circle', { cx: x, cy: y, r: 3, fill: COLORS.accent }, svg('title', {}, `${timeLabel(buckets[index].start)}: ${format(value)}`)));
  });
  if (path) parts.push(svg('path', { d: path.trim(), fill: 'none', stroke: COLORS.accent, 'stroke-width': 2 }));
  replace(container, chartSvg(label, parts));
}

/** One bar per item: [{label, share (0..1), note}]. */
export function shareBars(container, items, label) {
  const rowHeight = 28;
  const height = Math.max(rowHeight, items.length * rowHeight) + 8;
  const labelWidth = 150;
  const barWidth = WIDTH - labelWidth - 160;
  const parts = items.map((item, index) => {
    const y = 4 + index * rowHeight;
    return svg('g', {},
      svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end' }, item.label),
      svg('rect', { x: labelWidth, y: y + 5, width: Math.max(1, barWidth * item.share), height: 16, rx: 3, fill: COLORS.accent }),
      svg('text', { x: labelWidth + barWidth * item.share + 8, y: y + 17 }, item.note));
  });
  if (items.length === 0) parts.push(svg('text', { x: WIDTH / 2, y: 20, 'text-anchor': 'middle' }, 'no requests in this window'));
  replace(container, svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label }, ...parts));
}

import { api } from './api.js';
import { COLORS, lineChart, shareBars, stackedBars } from './charts.js';
import { byId, h, ms, percent, replace, usd } from './dom.js';

const SERIES = [
  { key: 'task_matched', label: 'task matched', color: COLORS.good, swatch: 'good' },
  { key: 'fallbacks', label: 'fallback', color: COLORS.warn, swatch: 'warn' },
  { key: 'other', label: 'concrete model / no decision', color: COLORS.other, swatch: 'other' },
];

function card(metric, label, value) {
  return h('div', { className: 'card', 'data-metric': metric },
    h('div', { className: 'label' }, label), h('div', { className: 'value' }, value));
}

export async function showAnalyze() {
  const range = byId('analyze-window').value;
  const report = await api(`/api/console/analytics?window=${encodeURIComponent(range)}`);
  const t = report.totals;
  replace(byId('analyze-cards'),
    card('requests', 'Requests', String(t.requests)),
    card('task-match-rate', 'Task-match rate', percent(t.task_match_rate)),
    card('fallback-rate', 'Fallback rate', percent(t.fallback_rate)),
    card('cost', 'Estimated cost', usd(t.cost_usd)),
    card('ttft-p50', 'TTFT p50', ms(t.ttft_ms_p50)),
    card('ttft-p95', 'TTFT p95', ms(t.ttft_ms_p95)),
    card('decision', 'Decision (mean)', ms(t.decision_ms_average)),
    card('errors', 'Errors', String(t.errors)));
  byId('analyze-note').textContent =
    `${report.bucket_seconds}s buckets; the last ${report.ring_capacity.toLocaleString()} requests are kept in memory`;

  const buckets = report.buckets.map((b) => ({ ...b, other: b.requests - b.task_matched - b.fallbacks }));
  stackedBars(byId('chart-requests'), buckets, SERIES, 'requests per bucket');
  lineChart(byId('chart-cost'), buckets, (b) => (b.requests ? Number(b.cost_usd) : null), usd, 'cost per bucket');
  lineChart(byId('chart-ttft'), buckets, (b) => b.ttft_ms_average, (v) => `${Math.round(v)}`, 'mean time to first token');
  shareBars(byId('chart-models'), report.models.map((m) => ({
    label: m.model,
    share: m.share,
    note: `${percent(m.share)} · ${m.requests} req · ${usd(m.cost_usd)}`,
  })), 'share of requests per model');
}

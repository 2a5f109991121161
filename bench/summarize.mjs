#!/usr/bin/env node
// Prints one gateway's ratios from a harness results folder (summary.json + raw.json).
//   node bench/summarize.mjs <results-dir> [target-name=tollgate]
import fs from 'node:fs';
import path from 'node:path';

const [dir, name = 'tollgate'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/summarize.mjs <results-dir> [target-name]');
  process.exit(2);
}
const median = (xs) => { const v = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b); if (!v.length) return null;
  const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };

// When the harness stopped before writing summary.json (its --max-minutes deadline, Ctrl-C), rebuild what
// it can from the per-run lines of harness.log: load runs completely, streams as medians of per-rep p50s.
function fromLog(file) {
  const text = fs.readFileSync(file, 'utf8');
  const raw = [], streams = {};
  const load = /\] \[\d+\/\d+\] (\S+)\s+c=\s*(\d+) rep=(\d+):\s+(\d+) req\/s\s+p50 ([\d.]+) ms\s+p99 ([\d.]+) ms\s+errors (\d+)\s+cpu (\S+) us\/req.*?other ([\d.]+)%.*?( NOISY)?$/;
  const stream = /stream (\S+) rep=(\d+): TTFB p50 ([\d.]+) ms, total p50 ([\d.]+) ms, errors (\d+), other ([\d.]+)%/;
  for (const line of text.split('\n')) {
    let m = load.exec(line);
    if (m) {
      raw.push({ target: m[1], conns: Number(m[2]), rep: Number(m[3]) - 1, rps: Number(m[4]), lat_us: { p50: Number(m[5]) * 1000, p99: Number(m[6]) * 1000 },
        errors_total: Number(m[7]), cpu_us_per_req: m[8] === 'n/a' ? null : Number(m[8]), foreignPct: Number(m[9]), noisy: !!m[10], attempts: 1, quiet_wait_s: 0 });
      continue;
    }
    m = stream.exec(line);
    if (m) ((streams[m[1]] ||= []).push({ ttfb: Number(m[3]), total: Number(m[4]), errors: Number(m[5]), noisy: Number(m[6]) > 5 }));
  }
  const conns = [...new Set(raw.map((r) => r.conns))];
  const names = [...new Set(raw.map((r) => r.target))];
  const load2 = {};
  for (const c of conns) {
    load2[c] = names.map((n) => {
      const rs = raw.filter((r) => r.target === n && r.conns === c);
      return { name: n, n: rs.length, rps: median(rs.map((r) => r.rps)), rpsMin: Math.min(...rs.map((r) => r.rps)), rpsMax: Math.max(...rs.map((r) => r.rps)),
        p50: median(rs.map((r) => r.lat_us.p50 / 1000)), p99: median(rs.map((r) => r.lat_us.p99 / 1000)), cpu: median(rs.map((r) => r.cpu_us_per_req)),
        errors: rs.reduce((x, r) => x + r.errors_total, 0), requests: 'n/a' };
    });
  }
  const stream2 = {};
  for (const [n, xs] of Object.entries(streams)) {
    stream2[n] = { ttfb50: median(xs.map((x) => x.ttfb)), ttfb99: null, tot50: median(xs.map((x) => x.total)), errors: xs.reduce((a, x) => a + x.errors, 0),
      n: `${xs.length} rep(s)`, ok: xs.length, usage: null, events: [], partial: true };
  }
  const reps = Math.max(0, ...raw.map((r) => r.rep + 1));
  return { summary: { options: { reps, duration: '?', conns, noiseMax: 5, stream: true, pinned: true, srvCore: 1, lgCore: 0 }, load: load2, stream: stream2, fromLog: true }, raw };
}

let summary, raw;
if (fs.existsSync(path.join(dir, 'summary.json'))) {
  summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  raw = fs.existsSync(path.join(dir, 'raw.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'raw.json'), 'utf8')) : [];
} else if (fs.existsSync(path.join(dir, 'harness.log'))) {
  ({ summary, raw } = fromLog(path.join(dir, 'harness.log')));
} else {
  console.error(`${dir} has neither summary.json nor harness.log`);
  process.exit(1);
}

// The goals the gateway is held to (ratios within one run, never absolute numbers).
// Tollgate is measured with its whole money path on (hold, settlement, ledger), so the forwarding
// goal is an upper bar here; the money core's two goals are the ones this run answers.
const GOALS = [
  { what: 'forwarding path req/s ≥ 0.8× floorA-undici at 50 connections', conns: 50, vs: 'floorA-undici', min: 0.8 },
  { what: 'full money path req/s ≥ 0.6× floorA-undici at 50 connections', conns: 50, vs: 'floorA-undici', min: 0.6 },
  { what: 'full money path req/s ≥ 8× portkey at 50 connections', conns: 50, vs: 'portkey', min: 8 },
];

const num = (x, d = 2) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const signed = (x, d = 3) => (x == null || Number.isNaN(x) ? 'n/a' : (x >= 0 ? '+' : '') + x.toFixed(d));
const ratio = (a, b) => (a == null || b == null || !b ? null : a / b);
const row = (conns, target) => (summary.load[String(conns)] || []).find((r) => r.name === target) || null;
const o = summary.options;

const lines = [];
const say = (s = '') => lines.push(s);
say('');
const build = path.join(dir, 'tollgate-build.txt');
say(`== ${name}: overhead vs the floor (one run: ${o.reps} rep(s) × ${o.duration}s per load run, medians; ${o.pinned ? `servers pinned to core ${o.srvCore}, wrk to core ${o.lgCore}` : 'no CPU pinning'}) ==`);

if (summary.fromLog) say('(rebuilt from harness.log: the harness stopped before writing summary.json; SSE values are medians of per-rep p50s, p99 not available)');
if (fs.existsSync(build)) say(fs.readFileSync(build, 'utf8').trim().split('\n').join('; '));
const me50 = row(50, name);
if (!me50 && !row(1, name)) {
  say(`${name} was not measured (did it fail validation? see ${path.join(dir, 'logs', `${name}.log`)}).`);
  console.log(lines.join('\n'));
  process.exit(1);
}

for (const conns of o.conns) {
  const me = row(conns, name);
  if (!me) continue;
  const fa = row(conns, 'floorA-undici'), pk = row(conns, 'portkey'), ng = row(conns, 'floorB-nginx'), mock = row(conns, 'direct-mock');
  const parts = [`÷ floorA ${num(ratio(me.rps, fa?.rps))}`];
  if (pk) parts.push(`÷ portkey ${num(ratio(me.rps, pk.rps))}`);
  if (ng) parts.push(`÷ nginx ${num(ratio(me.rps, ng.rps))}`);
  parts.push(`÷ direct-mock ${num(ratio(me.rps, mock?.rps))}`);
  say(`c=${String(conns).padEnd(2)}  ${num(me.rps, 0)} req/s (${num(me.rpsMin, 0)}–${num(me.rpsMax, 0)})   ${parts.join('   ')}`);
  say(`       p50 ${num(me.p50, 3)} ms  p99 ${num(me.p99, 3)} ms   added vs direct-mock: p50 ${signed(me.p50 - mock?.p50)} ms, p99 ${signed(me.p99 - mock?.p99)} ms` +
    (fa ? `   (floorA adds ${signed(fa.p50 - mock?.p50)} / ${signed(fa.p99 - mock?.p99)})` : ''));
  say(`       CPU ${num(me.cpu, 0)} µs/request${fa ? ` (floorA ${num(fa.cpu, 0)}, ×${num(ratio(me.cpu, fa.cpu))})` : ''}   errors ${me.errors}/${me.requests}`);
}

const st = summary.stream?.[name];
if (st) {
  const sm = summary.stream['direct-mock'], sf = summary.stream['floorA-undici'], sp = summary.stream.portkey;
  say(`SSE    TTFB p50 ${num(st.ttfb50)} ms (+${num(st.ttfb50 - sm?.ttfb50)} vs mock${sf ? `; floorA ${num(sf.ttfb50)}` : ''}${sp ? `; portkey ${num(sp.ttfb50)}` : ''}), p99 ${num(st.ttfb99)} ms; ` +
    `total p50 ${num(st.tot50)} ms (mock ${num(sm?.tot50)}); events ${st.events?.join(',') || 'n/a'}; usage chunk ${st.usage == null ? 'n/a' : st.usage && st.ok ? 'yes' : 'no'}; errors ${st.errors}/${st.n}`);
  if (st.errorSamples?.length) say(`       stream errors, e.g. ${JSON.stringify(st.errorSamples[0]).slice(0, 200)}`);
} else if (o.stream) {
  say('SSE    not measured');
}

// Noise: runs the harness could not get quiet (other processes above --noise-max after its redos).
const ok = raw.filter((r) => !r.error);
const noisy = ok.filter((r) => r.noisy);
const redone = ok.filter((r) => r.attempts > 1);
const maxOther = ok.length ? Math.max(...ok.map((r) => r.foreignPct)) : null;
const waited = ok.reduce((s, r) => s + (r.quiet_wait_s || 0), 0);
say(`Noise  ${noisy.length}/${ok.length} load runs still above ${o.noiseMax}% other-process CPU after redo` +
  (noisy.length ? ` (${[...new Set(noisy.map((r) => `${r.target} c=${r.conns}`))].join(', ')})` : '') +
  (summary.fromLog ? '' : `; ${redone.length} redone`) + `; max other ${num(maxOther, 1)}% of a core` + (summary.fromLog ? '' : `; ${num(waited, 0)} s spent waiting for quiet`) +
  (noisy.some((r) => r.target === name || r.target === 'floorA-undici') ? `; ${name}/floorA ratios include noisy runs` : ''));
const failed = raw.filter((r) => r.error);
if (failed.length) say(`       ${failed.length} load run(s) failed: ${failed.map((r) => `${r.target} c=${r.conns}: ${r.error}`).join('; ').slice(0, 300)}`);

say('Goals');
for (const g of GOALS) {
  const me = row(g.conns, name), vs = row(g.conns, g.vs);
  const r = ratio(me?.rps, vs?.rps);
  say(`  ${g.what}: ${r == null ? 'n/a (not measured)' : `${num(r)}× → ${r >= g.min ? 'PASS' : 'FAIL'}`}`);
}
say('');
console.log(lines.join('\n'));

#!/usr/bin/env node
// Sums self time by function from a V8 .cpuprofile (node --cpu-prof) and prints the top entries,
// then the same by source (Tollgate's dist/, each npm package, node: internals, GC, idle).
//   node bench/cpuprofile-top.mjs <file.cpuprofile> [top=15]
import fs from 'node:fs';

const args = process.argv.slice(2);
const all = args.includes('--all');
const [file, topArg] = args.filter((a) => a !== '--all');
if (!file) {
  console.error('usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [top] [--all]\n  (by default samples before the first /v1 request, i.e. start-up, are left out; --all keeps them)');
  process.exit(2);
}
const top = Number(topArg || 15);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);

// Start-up (module loading, migrations) is not the forwarding path: start at the first sample with
// Tollgate's request path (dist/gateway/) on its stack.
let first = 0;
if (!all) {
  const onPath = (id) => { for (; id != null; id = parent.get(id)) if (byId.get(id).callFrame.url.includes('/dist/gateway/')) return true; return false; };
  first = prof.samples.findIndex((id) => onPath(id));
  if (first < 0) first = 0;
}
const skippedUs = prof.timeDeltas.slice(1, first + 1).reduce((a, b) => a + Math.max(0, b), 0);

// Self time per node: each sample's time delta belongs to the node that was on top of the stack.
const self = new Map();
for (let i = first; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0; // delta i+1 is the time until the next sample, i.e. spent in sample i
  self.set(prof.samples[i], (self.get(prof.samples[i]) || 0) + Math.max(0, dt));
}

function where(url) {
  if (!url) return '';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 14).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg}/${rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/')}`;
  }
  const d = u.indexOf('/dist/');
  if (d >= 0) return u.slice(d + 1);
  return u.replace(/^node:/, 'node:');
}
function source(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native/V8)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) { const r = u.slice(nm + 14).split('/'); return r[0].startsWith('@') ? `${r[0]}/${r[1]}` : r[0]; }
  if (u.includes('/dist/')) return 'tollgate dist/' + u.slice(u.indexOf('/dist/') + 6).split('/')[0];
  if (u.startsWith('node:')) return 'node: internals';
  return u;
}

const fnTotals = new Map();
const srcTotals = new Map();
let total = 0;
for (const [id, t] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const name = cf.functionName || '(anonymous)';
  const key = `${name}  ${where(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  fnTotals.set(key, (fnTotals.get(key) || 0) + t);
  const s = source(cf.url, name);
  srcTotals.set(s, (srcTotals.get(s) || 0) + t);
  total += t;
}
const idle = (fnTotals.get('(idle)  ') || 0);
const busy = total - idle;
const pct = (t, of) => ((100 * t) / of).toFixed(1).padStart(5) + '%';

console.log(`${file}\n${all ? 'whole profile' : `left out ${(skippedUs / 1e6).toFixed(2)} s of start-up before the first /v1 request`}; sampled ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (percentages below are of busy time)\n`);
console.log(`top ${top} functions by self time`);
const rows = [...fnTotals].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top);
rows.forEach(([k, t], i) => console.log(`${String(i + 1).padStart(3)}. ${pct(t, busy)}  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`));
// Inclusive time of Tollgate's own functions (each sample counted once per function on its stack).
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
const incl = new Map();
for (let i = first; i < prof.samples.length; i++) {
  const dt = Math.max(0, prof.timeDeltas[i + 1] ?? 0);
  const seen = new Set();
  for (let id = prof.samples[i]; id != null; id = parent.get(id)) {
    const n = byId.get(id);
    if (!n.callFrame.url.includes('/dist/')) continue;
    const k = keyOf(n);
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + dt); }
  }
}
console.log(`\ntop ${top} Tollgate functions by inclusive time (self + callees)`);
[...incl].sort((a, b) => b[1] - a[1]).slice(0, top)
  .forEach(([k, t], i) => console.log(`${String(i + 1).padStart(3)}. ${pct(t, busy)}  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`));

console.log('\nself time by source');
[...srcTotals].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20)
  .forEach(([k, t]) => console.log(`  ${pct(t, busy)}  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`));

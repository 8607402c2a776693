// The first page's JavaScript budget: the entry chunk and every chunk it imports statically
// (what the browser must load before anything shows), gzipped, at most BUDGET_KB. Pages loaded
// on demand (React.lazy) are not counted. Run after `vite build`; exits 1 when over budget.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const dist = path.resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));

/** The manifest keys of the entry and of everything it imports statically, each once. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(imported, seen);
  return seen;
}

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length !== 1) throw new Error(`expected one entry in the manifest, found ${entries.length}`);
const chunks = [...staticClosure(entries[0])].map((key) => manifest[key].file);
const sizes = chunks.map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dist, file))).length }));
const totalKb = sizes.reduce((sum, s) => sum + s.gzip, 0) / 1024;

for (const { file, gzip } of sizes) console.log(`  ${file}  ${(gzip / 1024).toFixed(1)} KB gzipped`);
console.log(`first-page JavaScript: ${totalKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (totalKb > BUDGET_KB) {
  console.error(`over budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB: split a route or drop a dependency`);
  process.exit(1);
}

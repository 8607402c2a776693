// Writes a brotli (.br) and a gzip (.gz) copy beside each text file of the build, at the highest
// levels (paid once here, not per request), so the API sends the copy a browser accepts with no
// work per request (@fastify/static's `preCompressed`). Files under 1 KB, source maps and copies
// that would not be smaller are skipped. Run after `vite build`; the argument is the folder
// (default: dist).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);
const MIN_BYTES = 1024;

const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../dist'));

const files = readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && COMPRESSIBLE.has(path.extname(entry.name)))
  .map((entry) => path.join(entry.parentPath, entry.name))
  // Vite's manifest is read by the build's scripts, never served.
  .filter((file) => !path.relative(dist, file).startsWith('.vite'));

let compressed = 0;
let original = 0;
let brotli = 0;
let gzip = 0;
for (const file of files) {
  const source = readFileSync(file);
  if (source.length < MIN_BYTES) continue;
  const br = brotliCompressSync(source, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  });
  const gz = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
  if (br.length < source.length) writeFileSync(`${file}.br`, br);
  if (gz.length < source.length) writeFileSync(`${file}.gz`, gz);
  compressed += 1;
  original += source.length;
  brotli += Math.min(br.length, source.length);
  gzip += Math.min(gz.length, source.length);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`precompressed ${compressed} files: ${kb(original)} → ${kb(brotli)} brotli, ${kb(gzip)} gzip`);

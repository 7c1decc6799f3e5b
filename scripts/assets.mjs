// Finishes a built site (target/site) for serving: gives the files pages link a content-hashed
// name, precompresses every text and wasm file with brotli and gzip, and writes the manifest
// the server reads at start (assets.txt: `/plain /hashed` per line).
//
// Hashed copies live in pkg/ as <stem>.<16 hex digits of SHA-256>.<ext>; the server lets
// browsers keep those a year (`immutable`), and everything else is checked again on each use.
// Usage: node scripts/assets.mjs <site-root> <fast|best>
//   best: brotli quality 11 and gzip 9 (release); fast: brotli 5 and gzip 6 (debug builds,
//   whose wasm is tens of megabytes).
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [root, level = 'fast'] = process.argv.slice(2);
if (!root) {
  console.error('usage: node scripts/assets.mjs <site-root> <fast|best>');
  process.exit(2);
}
const best = level === 'best';

// The files pages link by name (the wasm entry, its module, the stylesheet, the public
// script and the icon), by the URL a page would use without the manifest.
const linked = ['/pkg/coupons.js', '/pkg/coupons.wasm', '/pkg/coupons.css', '/site.js', '/favicon.svg'];
const manifest = ['# written by scripts/assets.mjs: plain URL, content-hashed URL'];
for (const url of linked) {
  const file = join(root, url);
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const ext = extname(file);
  const hashed = `/pkg/${basename(file, ext)}.${hash}${ext}`;
  copyFileSync(file, join(root, hashed));
  manifest.push(`${url} ${hashed}`);
}
writeFileSync(join(root, 'assets.txt'), `${manifest.join('\n')}\n`);

// Every file a browser may fetch compressed, beside itself, as the server's static route
// expects (`x.js.br`, `x.js.gz`).
const compressible = new Set(['.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt', '.html']);
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
let raw = 0;
let br = 0;
for (const path of walk(root)) {
  if (!compressible.has(extname(path))) continue;
  const bytes = readFileSync(path);
  const b = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${path}.br`, b);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: best ? 9 : 6 }));
  raw += bytes.length;
  br += b.length;
}
console.log(`assets: ${linked.length} hashed, ${(raw / 1024).toFixed(0)} KiB precompressed to ${(br / 1024).toFixed(0)} KiB (brotli)`);

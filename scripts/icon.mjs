#!/usr/bin/env node
// Draws the extension icon (docs/images/icon.png, 256x256): a speech bubble over a snowflake-like
// hexagon on a deep teal tile, i.e. "chat server on NixOS". Shapes are signed distance functions,
// sampled 4x4 per pixel for smooth edges; the PNG is written with zlib only.
// Usage: node scripts/icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'docs/images/icon.png');
const N = 256;

const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, r) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - r;
};
const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by),
    d2 = s(x, y, bx, by, cx, cy),
    d3 = s(x, y, cx, cy, ax, ay);
  const inside = (d1 <= 0 && d2 <= 0 && d3 <= 0) || (d1 >= 0 && d2 >= 0 && d3 >= 0);
  return inside ? -1 : 1;
};

/** Colour of one sample point, [r, g, b, a] in 0..1, painted back to front. */
function sample(x, y) {
  let c = [0, 0, 0, 0];
  const paint = (d, rgb) => {
    if (d <= 0) c = [...rgb, 1];
  };
  paint(roundedBox(x, y, 128, 128, 124, 124, 44), [0.05, 0.33, 0.4]);
  // The speech bubble with its tail.
  const bubble = Math.min(
    roundedBox(x, y, 128, 112, 88, 66, 30),
    triangle(x, y, [72, 160], [72, 214], [122, 172]) < 0 ? -1 : 1,
  );
  paint(bubble, [0.97, 0.98, 0.96]);
  // Six spokes around a hub: a nod to NixOS's snowflake without copying its lambdas.
  const spokes = [0, 1, 2, 3, 4, 5].map((k) => {
    const a = (k * Math.PI) / 3 + Math.PI / 6;
    return segment(x, y, 128, 112, 128 + Math.cos(a) * 44, 112 + Math.sin(a) * 44, 7);
  });
  paint(Math.min(...spokes, circle(x, y, 128, 112, 14)), [0.05, 0.33, 0.4]);
  paint(circle(x, y, 128, 112, 6), [0.96, 0.62, 0.18]);
  return c;
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const [cr, cg, cb, ca] = sample(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
        r += cr * ca;
        g += cg * ca;
        b += cb * ca;
        a += ca;
      }
    const o = y * (N * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round((r / a) * 255) : 0;
    raw[o + 1] = a ? Math.round((g / a) * 255) : 0;
    raw[o + 2] = a ? Math.round((b / a) * 255) : 0;
    raw[o + 3] = Math.round((a / 16) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${png.length} bytes`);

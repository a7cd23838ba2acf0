/**
 * Issue 3: CPU time the CLI spends per input image — read, probe, prepare (downscale and
 * re-encode when needed), hash, and store as a blob — in process, through the compiled
 * resolveInputs and Store, exactly as `modify -i FILE` runs them. Baseline: sha256 of the same
 * file bytes (the least any content-addressed store must do), so the ratio says how many
 * "hashes of the file" an input costs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { bytes, distUrl, heading, machine, median, ms, ratio, requireBuild, tempDir } from './lib/util.js';

requireBuild();
heading('inputs: CPU time per input image (issue 3)');
console.log(await machine());

const { resolveInputs } = await import(distUrl('core/inputs.js'));
const images = await import(distUrl('images/index.js'));
const { Store } = await import(distUrl('store/store.js'));
const { Catalog } = await import(distUrl('catalog/catalog.js'));
const models = await import(distUrl('providers/models.js'));
const model = models.findModel(models.DEFAULT_MODEL);

// As in a fresh CLI process: no libvips operation cache carried from one run to the next.
sharp.cache(false);

const work = tempDir('inputs');
const small = 'small-512.png';
const camera = 'camera-24mp.jpg';
// A 512×512 PNG with smooth detail (blurred noise), like a small screenshot or icon sheet.
await sharp({ create: { width: 512, height: 512, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
  .blur(2)
  .png()
  .toFile(join(work.dir, small));
// A 24-megapixel camera-sized JPEG (6000×4000, quality 90) made from noise: the worst case for
// the encoder, since noise does not compress.
await sharp({ create: { width: 6000, height: 4000, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
  .jpeg({ quality: 90 })
  .toFile(join(work.dir, camera));

const catalog = new Catalog(join(work.dir, 'catalog.db'), new Store(work.dir).blobPath);
let homeSerial = 0;

/** One input through the CLI's path; a fresh blob store each time so the blob is really written. */
async function pipeline(file) {
  const store = new Store(join(work.dir, `home-${++homeSerial}`));
  const notices = [];
  const ports = { catalog, store, clock: () => new Date(), onNotice: (n) => notices.push(n) };
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const [prepared] = await resolveInputs([{ value: file, role: 'input' }], model, ports, work.dir);
  await store.putBlob(prepared.send.data, prepared.send.mimeType);
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall, prepared, notices };
}

/** The same work stage by stage, with the functions resolveInputs calls, to see where it goes. */
async function stages(file) {
  const store = new Store(join(work.dir, `home-${++homeSerial}`));
  const out = {};
  const stage = async (name, fn) => {
    const cpu = process.cpuUsage();
    const value = await fn();
    const used = process.cpuUsage(cpu);
    out[name] = (used.user + used.system) / 1000;
    return value;
  };
  const data = await stage('read', () => images.readImageFile(join(work.dir, file)));
  const info = await stage('probe (header + full decode check)', () => images.probeImage(data, file));
  const prepared = await stage('prepare (downscale, encode)', () => images.prepareForModel(data, info, images.DEFAULT_INPUT_LIMITS, file));
  await stage('hash + store blob', () => store.putBlob(prepared.data, prepared.mimeType));
  return out;
}

/** CPU ms to sha256 the file's bytes (already in memory), averaged over `repeat` hashes. */
function hashBaseline(data, repeat) {
  const cpu = process.cpuUsage();
  for (let i = 0; i < repeat; i++) createHash('sha256').update(data).digest();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / repeat;
}

const cases = [
  { label: 'PNG 512×512', file: small, runs: 15, repeat: 200 },
  { label: 'JPEG 6000×4000 (24 MP, q90)', file: camera, runs: 5, repeat: 5 },
];
const rows = [];
for (const c of cases) {
  const data = readFileSync(join(work.dir, c.file));
  await pipeline(c.file); // warm-up: module loading, first sharp call
  const cpu = [];
  const wall = [];
  let last;
  for (let i = 0; i < c.runs; i++) {
    last = await pipeline(c.file);
    cpu.push(last.cpu);
    wall.push(last.wall);
  }
  const split = [];
  for (let i = 0; i < c.runs; i++) split.push(await stages(c.file));
  const breakdown = Object.keys(split[0]).map((k) => `${k} ${ms(median(split.map((s) => s[k])))}`).join(' · ');
  hashBaseline(data, 2);
  const base = median(Array.from({ length: 7 }, () => hashBaseline(data, c.repeat)));
  const sent = last.prepared.send;
  const meta = await sharp(sent.data).metadata();
  rows.push({ ...c, size: statSync(join(work.dir, c.file)).size, breakdown, cpu: median(cpu), wall: median(wall), base, sent: `${sent.mimeType} ${meta.width}×${meta.height} ${bytes(sent.data.length)}${sent.data.equals(data) ? ' (the file, byte for byte)' : ''}`, notice: last.notices[0] });
}
catalog.close();
work.cleanup();

console.log(`median over runs after a warm-up; CPU = process.cpuUsage() user+system (all threads, libvips included); baseline = sha256 of the file's bytes`);
for (const r of rows) {
  console.log(`\n${r.label}, ${bytes(r.size)} (median of ${r.runs})`);
  console.log(`  CLI per input:  ${ms(r.cpu).padStart(9)} CPU   (${ms(r.wall)} wall)`);
  console.log(`  sha256 of file: ${ms(r.base).padStart(9)} CPU   → ratio ${ratio(r.cpu / r.base)}`);
  console.log(`  stage by stage (CPU, medians): ${r.breakdown}`);
  console.log(`  sent to the model: ${r.sent}`);
  if (r.notice) console.log(`  notice: ${r.notice}`);
}

// A decompression bomb (a PNG header claiming 30000×30000, under 200 bytes) is refused from its
// header alone: moved here from a wall-clock assertion in test/unit/images/probe.test.ts. Baseline,
// in the same run: probing an ordinary 512×512 PNG (header and full decode check). A ratio near
// or below 1× means the bomb was never decoded (decoding 900 megapixels takes minutes).
{
  const { crc32, deflateSync } = await import('node:zlib');
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const bomb = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
  const ordinary = await sharp({ create: { width: 512, height: 512, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  const wallOf = async (fn) => {
    const started = performance.now();
    await fn().catch(() => {});
    return performance.now() - started;
  };
  const base = [];
  const refused = [];
  for (let i = 0; i < 8; i++) {
    base.push(await wallOf(() => images.probeImage(ordinary, 'ordinary.png')));
    refused.push(await wallOf(() => images.probeImage(bomb, 'bomb.png')));
  }
  const b = median(base.slice(1));
  const r = median(refused.slice(1));
  console.log(`\nDecompression bomb (PNG claiming 30000×30000, ${bomb.length} bytes), median of 7 after a warm-up`);
  console.log(`  probe of a 512×512 PNG (baseline): ${ms(b)} wall`);
  console.log(`  refusal of the bomb:               ${ms(r)} wall   → ratio ${ratio(r / b)}`);
}

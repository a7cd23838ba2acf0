/**
 * Builds large catalogs fast and realistically: direct SQL inserts in big transactions into a
 * database opened by the compiled `openDatabase` (so the real schema, migrations, triggers and
 * trigram FTS are used). Rows are shaped like the ones `Catalog.insertEntry` writes: a job per
 * invocation, a blob row per output and input image, entry_inputs with roles, regenerate chains
 * whose effective prompt accumulates, failed entries with an error JSON, created_at spread over a
 * year in insertion order. Blob files are not written (no query reads them).
 *
 * Every catalog holds the same "showcase" family — a chain 1,000 regenerations deep with side
 * branches — spread evenly over its timeline, so `show` of the deepest entry and `tree` of the
 * largest family do identical work at every catalog size and their ratio measures scale alone.
 */
import { createHash } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distUrl, WORK } from './util.js';

/** Bump when the generated data changes shape, so cached catalogs are rebuilt. */
const BUILDER_VERSION = 4;

export const SHOWCASE = { depth: 1000, branchEvery: 100, branchLength: 2 };
/** Entries in the showcase family: root + trunk + side branches. */
export const SHOWCASE_SIZE = 1 + SHOWCASE.depth + Math.floor(SHOWCASE.depth / SHOWCASE.branchEvery) * SHOWCASE.branchLength;

const DAY = 86_400_000;
/** The newest entry's time; the oldest is a year earlier. Fixed so cached catalogs stay valid. */
export const NEWEST = Date.parse('2026-06-30T18:00:00.000Z');
export const SPAN = 365 * DAY;

// --- word lists -------------------------------------------------------------------------------

const SUBJECTS = [
  'lighthouse', 'red fox', 'gothic cathedral', 'sailboat', 'porcelain teapot', 'rusty robot', 'paper dragon', 'snowy owl',
  'vintage bicycle', 'ruined castle', 'violin', 'ginger cat', 'humpback whale', 'mountain cabin', 'silver ring', 'pearl necklace',
  'gold earrings', 'charm bracelet', 'astronaut', 'samurai', 'ballerina', 'tiger', 'koi fish', 'windmill', 'train station',
  'corner cafe', 'old library', 'glass greenhouse', 'hot air balloon', 'steam locomotive', 'jellyfish', 'bonsai tree', 'vinyl record player',
  'wooden rowing boat', 'city skyline', 'desert caravan', 'knight in armour', 'hummingbird', 'cherry blossom tree', 'stone bridge',
  'ice cream van', 'fishing village', 'chess board', 'typewriter', 'moth', 'sunflower field', 'polar bear', 'neon diner', 'pagoda',
  'treehouse', 'submarine', 'wizard tower', 'market stall', 'carousel', 'scarecrow', 'waterfall', 'observatory', 'vineyard',
  'marble statue', 'street musician', 'emerald pendant', 'diamond solitaire ring', 'leather satchel', 'ceramic vase', 'origami crane',
];
const ADJECTIVES = [
  'misty', 'golden', 'ancient', 'neon-lit', 'quiet', 'weathered', 'tiny', 'enormous', 'abandoned', 'glowing', 'minimalist', 'ornate',
  'colourful', 'moody', 'serene', 'crumbling', 'futuristic', 'cosy', 'lonely', 'shimmering', 'overgrown', 'frosted', 'sunlit', 'stormy',
];
const SETTINGS = [
  'on a rocky cliff', 'beside a quiet lake', 'in a pine forest', 'in the desert', 'in a snowy village', 'on a busy street',
  'under a stone bridge', 'in a field of wildflowers', 'by the harbour', 'on a mountain ridge', 'in a bamboo grove', 'on a rooftop',
  'in an empty ballroom', 'at the edge of the sea', 'in a rainy alley', 'on a frozen lake', 'in a sunflower meadow', 'inside a cave',
  'on white marble', 'on a velvet cushion', 'in a misty valley', 'beside a river', 'on a tropical beach', 'in a crowded market',
];
const TIMES = [
  'at dawn', 'at sunset', 'at night', 'in the rain', 'under a full moon', 'at golden hour', 'in winter', 'at noon', 'in thick fog',
  'after a storm', 'at twilight', 'in early spring', 'during a thunderstorm', 'on a summer afternoon', 'at first light', 'in autumn',
];
const VISTAS = ['sunset', 'sunrise', 'storm clouds', 'the northern lights', 'a full moon', 'fireworks', 'a rainbow', 'heavy snow'];
const PLACES = ['a quiet lake', 'the old harbour', 'a mountain pass', 'the city', 'a frozen fjord', 'rolling hills', 'a desert canyon', 'the sea'];
const STYLES = [
  'watercolour', '35mm film photo', 'oil painting', 'isometric 3D render', 'anime style', 'studio lighting', 'cinematic',
  'soft pastel colours', 'highly detailed', 'product shot on white', 'charcoal sketch', 'ukiyo-e woodblock print', 'pixel art',
  'shallow depth of field', 'long exposure', 'tilt-shift', 'art nouveau poster', 'flat vector illustration',
];
const INSTRUCTIONS = [
  'make it brighter', 'add a red umbrella', 'change the sky to a sunset', 'more contrast', 'remove the people', 'closer crop',
  'add falling snow', 'make the colours warmer', 'as a woodcut print', 'add a lake in the foreground', 'make it night time',
  'add a small dog', 'softer light', 'wider angle', 'add reflections on the water', 'make it look older', 'turn it into a poster',
  'add fog', 'more saturated colours', 'replace the background with mountains', 'add birds in the sky', 'make it minimalist',
];
const EDITS = [
  'put the ring on a marble table', 'change the background to deep blue', 'place the necklace on a model', 'make the product float',
  'add soft shadows', 'turn the photo into a watercolour', 'remove the background', 'put it on a beach at sunset',
  'combine both images into one scene', 'make the lighting dramatic',
];
const EMOTIONS = ['calm', 'energetic', 'mysterious', 'hopeful', 'melancholic'];
const STYLE_PRESETS = ['photographic', 'artistic', 'cinematic', 'watercolour', 'anime', 'product'];
const PROJECTS = [
  'jewellery-catalogue', 'spring-campaign', 'book-covers', 'icons', 'blog-headers', 'wedding-invites', 'game-assets', 'menu-photos',
  'album-art', 'storyboards', 'posters', 'kids-book', 'real-estate', 'travel-blog', 'packaging', 'social-media', 'moodboard',
  'portfolio', 'birthday-cards', 'newsletter', 'website-hero', 'merch', 'tutorial-figures', 'pitch-deck', 'zine',
];
const MODELS = [
  { provider: 'gemini', model: 'gemini-3.1-flash-image-preview', price: 0.067, weight: 55 },
  { provider: 'gemini', model: 'gemini-2.5-flash-image', price: 0.039, weight: 20 },
  { provider: 'gemini', model: 'gemini-3-pro-image-preview', price: 0.134, weight: 12 },
  { provider: 'huggingface', model: 'black-forest-labs/FLUX.1-dev', price: 0, weight: 8 },
  { provider: 'offline', model: 'offline-placeholder', price: 0, weight: 5 },
];
const ASPECTS = [
  ['1:1', 1024, 1024], ['1:1', 1024, 1024], ['1:1', 1024, 1024], ['16:9', 1344, 768], ['9:16', 768, 1344], ['4:3', 1184, 864],
  ['3:2', 1248, 832], ['2:3', 832, 1248], ['21:9', 1536, 672],
];
const TEMPLATES = ['white-background', 'change-background', 'ai-model', 'real-model', 'campaign'];
const ERRORS = [
  { code: 'IMAGE_SAFETY', message: 'The model declined to draw this image (IMAGE_SAFETY).', hint: 'Rephrase the prompt.' },
  { code: 'RATE_LIMITED', message: 'The Gemini API is rate limiting requests (429) after 4 attempts.', hint: 'Wait a minute and run imagegen retry.' },
  { code: 'NO_IMAGE', message: 'The model answered without an image (NO_IMAGE).', hint: 'Try again or rephrase the prompt.' },
  { code: 'API_TIMEOUT', message: 'No answer from the Gemini API within 180 s.', hint: 'Try again, or allow longer with IMAGEGEN_TIMEOUT_MS.' },
];

// --- deterministic randomness and ids ---------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A bijection of 0..2^40-1 (a Feistel network), so ids look random and never collide. */
function scramble40(n, salt) {
  let left = Math.floor(n / 0x100000) & 0xfffff;
  let right = n & 0xfffff;
  for (let round = 0; round < 4; round++) {
    const f = (Math.imul(right ^ (salt + round * 0x9e37), 0x45d9f3b) ^ (right >>> 7)) & 0xfffff;
    [left, right] = [right, left ^ f];
  }
  return left * 0x100000 + right;
}

function entryId(n, salt) {
  let v = scramble40(n, salt);
  let id = '';
  for (let i = 0; i < 8; i++) {
    id = ALPHABET[v % 32] + id;
    v = Math.floor(v / 32);
  }
  return id;
}

function randomTail(rand, length) {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(rand() * 32)];
  return s;
}

function fakeSha(label) {
  return createHash('sha256').update(label).digest('hex');
}

// --- names, as imagegen makes them offline: a few content words in Title Case ---------------------

const STOP = new Set(['a', 'an', 'the', 'on', 'in', 'at', 'of', 'by', 'over', 'under', 'beside', 'with', 'to', 'it', 'and', 'into', 'as', 'make', 'add', 'more', 'change', 'put', 'during', 'after', 'inside', 'edge', 'first']);

function nameFrom(text) {
  const words = text.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w && !STOP.has(w));
  return words.slice(0, 3).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || 'Untitled';
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

// --- the build ---------------------------------------------------------------------------------

/** The key of a schema: every CREATE statement a blank catalog gets from these migrations. */
async function schemaKey(migrations) {
  const { openDatabase } = await import(distUrl('catalog/open.js'));
  const db = openDatabase(':memory:', migrations);
  const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all();
  db.close();
  return createHash('sha256').update(JSON.stringify({ builder: BUILDER_VERSION, schema })).digest('hex').slice(0, 12);
}

/**
 * Where a catalog of `total` entries for the current schema is cached. The key is the schema a
 * blank catalog gets from the compiled migrations (every CREATE statement), so editing a
 * migration that has not shipped yet also triggers a rebuild.
 */
export async function catalogPath(total) {
  return join(WORK, `catalog-${total}-${await schemaKey(undefined)}.db`);
}

/**
 * Where the rows of a catalog of `total` entries are cached under the first migration's schema,
 * before the later migrations run. A new migration then costs a copy of this file and the
 * migration itself, not a rebuild of every row (about 150 s at 1M).
 */
async function basePath(total) {
  const { MIGRATIONS } = await import(distUrl('catalog/migrations/all.js'));
  return join(WORK, `base-${total}-${await schemaKey(MIGRATIONS.slice(0, 1))}.db`);
}

/**
 * A catalog of exactly `total` entries (the showcase family included), from the cache when one
 * exists for this schema. Returns its path and facts about it; `built` is the build time in ms
 * or null when it came from the cache.
 */
export async function ensureCatalog(total, { log = () => {} } = {}) {
  const file = await catalogPath(total);
  const factsFile = `${file}.json`;
  if (existsSync(file) && existsSync(factsFile)) {
    return { file, built: null, facts: JSON.parse(readFileSync(factsFile, 'utf8')) };
  }
  mkdirSync(WORK, { recursive: true });
  // Catalogs of this size for an older schema are stale: remove them (the 1M one is ~2 GB).
  for (const name of readdirSync(WORK)) {
    if (name.startsWith(`catalog-${total}-`) && !file.endsWith(name.replace(/\.db.*$/, '.db'))) rmSync(join(WORK, name), { force: true });
  }
  const started = performance.now();
  const base = await basePath(total);
  const baseFacts = `${base}.json`;
  if (!existsSync(base) || !existsSync(baseFacts)) {
    for (const name of readdirSync(WORK)) if (name.startsWith(`base-${total}-`)) rmSync(join(WORK, name), { force: true });
    const partialBase = `${base}.partial`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(partialBase + suffix, { force: true });
    const rows = await buildCatalog(partialBase, total, { log, migrate: false });
    renameSync(partialBase, base);
    writeFileSync(baseFacts, JSON.stringify(rows, null, 2));
  }
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  copyFileSync(base, partial, constants.COPYFILE_FICLONE);
  const facts = { ...JSON.parse(readFileSync(baseFacts, 'utf8')), ...(await migrateCatalog(partial)) };
  const built = performance.now() - started;
  renameSync(partial, file);
  facts.bytes = statSync(file).size;
  writeFileSync(factsFile, JSON.stringify(facts, null, 2));
  return { file, built, facts };
}

/** Runs every migration over a filled catalog, as a user upgrading would, and times it. */
async function migrateCatalog(file) {
  const { openDatabase } = await import(distUrl('catalog/open.js'));
  const { MIGRATIONS } = await import(distUrl('catalog/migrations/all.js'));
  const migrateStarted = performance.now();
  const current = openDatabase(file);
  const migrateMs = performance.now() - migrateStarted;
  current.pragma('wal_checkpoint(TRUNCATE)');
  current.close();
  return { migrations: MIGRATIONS.map((m) => m.name), migrateMs };
}

/**
 * Adds `count` generated entries to the catalog at `file` (created if missing). Used by the
 * startup benchmark on a home the real CLI has already written to.
 */
export async function buildCatalog(file, total, { log = () => {}, withShowcase = true, seed = 20260630, migrate = true } = {}) {
  const { openDatabase } = await import(distUrl('catalog/open.js'));
  const { MIGRATIONS } = await import(distUrl('catalog/migrations/all.js'));
  // Rows go in under the first migration's schema (which never changes once shipped, so these
  // INSERTs keep working) with its triggers and trigram FTS; the later migrations then run over
  // the filled catalog exactly as they would for a user upgrading, and build their indexes and
  // tables in bulk. A catalog that is already current (startup) simply takes the rows.
  // (An existing catalog is opened with every migration: it is already current, and opening it
  // with fewer would be refused as a catalog from a newer imagegen.)
  const { existsSync } = await import('node:fs');
  const db = openDatabase(file, existsSync(file) ? MIGRATIONS : MIGRATIONS.slice(0, 1));
  // Build-time settings only; the benchmark reopens the file through Catalog with the real ones.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');

  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const salt = seed & 0xffff;
  const modelTotal = MODELS.reduce((s, m) => s + m.weight, 0);
  const pickModel = () => {
    let r = rand() * modelTotal;
    for (const m of MODELS) if ((r -= m.weight) < 0) return m;
    return MODELS[0];
  };

  const insertJob = db.prepare('INSERT INTO jobs (id, command, requested, options, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertBlob = db.prepare('INSERT INTO blobs (sha256, mime_type, bytes, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING');
  const insertEntry = db.prepare(`
    INSERT INTO entries (id, job_id, kind, status, name, prompt, effective_prompt, emotion, style,
      reference_type, template, provider, model, aspect_ratio, image_size, parent_id, root_id,
      project, blob_sha256, file_path, input_tokens, output_tokens, cost_usd, duration_ms, error,
      metadata, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertInput = db.prepare('INSERT INTO entry_inputs (entry_id, position, role, blob_sha256, source_entry_id, source) VALUES (?, ?, ?, ?, ?, ?)');

  // Which slots of the timeline belong to the special families (showcase, long chains).
  const owner = new Int32Array(total).fill(-1);
  const streams = [];
  const addStream = (nodes) => {
    const id = streams.length;
    streams.push({ nodes, next: 0, made: [] });
    const m = nodes.length;
    for (let j = 0; j < m; j++) {
      let slot = Math.min(total - 1, Math.floor(((j + 0.5) * total) / m));
      while (owner[slot] !== -1) slot = (slot + 1) % total;
      owner[slot] = id;
    }
  };
  const chainNodes = (depth, branchEvery, branchLength) => {
    // nodes[i] = index of the parent node (-1 for the root), in creation order.
    const nodes = [-1];
    let tip = 0;
    for (let d = 1; d <= depth; d++) {
      nodes.push(tip);
      tip = nodes.length - 1;
      if (branchEvery && d % branchEvery === branchEvery / 2) {
        let parent = tip;
        for (let b = 0; b < branchLength; b++) {
          nodes.push(parent);
          parent = nodes.length - 1;
        }
      }
    }
    return nodes;
  };
  let showcaseStream = -1;
  if (withShowcase) {
    showcaseStream = streams.length;
    addStream(chainNodes(SHOWCASE.depth, SHOWCASE.branchEvery, SHOWCASE.branchLength));
  }
  // Long chains in big catalogs: depths 100, 200, … 900 when there is room for them.
  if (total >= 100_000) for (let d = 100; d < 1000; d += 100) addStream(chainNodes(d, 0, 0));

  const recent = []; // completed entries a user might regenerate next
  const RECENT = 400;
  const stats = { entries: 0, failed: 0, kinds: {}, maxDepth: 0, blobs: 0, jobs: 0 };
  let deepest = null;
  let job = null; // { id, left, created }
  let entryNumber = 0;

  const timeOf = (i) => {
    const base = NEWEST - SPAN + Math.floor((i * SPAN) / Math.max(1, total - 1));
    return new Date(base).toISOString();
  };

  const writeEntry = (e) => {
    const n = entryNumber++;
    const id = entryId(n, salt);
    const createdAt = e.createdAt;
    if (!job || job.left === 0 || e.newJob) {
      const requested = e.jobSize ?? 1;
      job = { id: `job_${randomTail(rand, 10)}`, left: requested };
      const options = { prompt: e.prompt, count: requested, provider: e.model.provider, model: e.model.model, aspect: e.aspect[0], concurrency: 8 };
      insertJob.run(job.id, e.kind, requested, JSON.stringify(options), createdAt, createdAt);
      stats.jobs++;
    }
    job.left--;
    const failed = e.failed;
    let blobSha = null;
    let filePath = null;
    const mime = e.model.provider === 'huggingface' ? 'image/jpeg' : 'image/png';
    if (!failed) {
      blobSha = fakeSha(`out:${seed}:${n}`);
      insertBlob.run(blobSha, mime, 300_000 + Math.floor(rand() * 1_700_000), e.aspect[1], e.aspect[2], createdAt);
      stats.blobs++;
      filePath = `/home/user/pictures/imagegen-output/${slug(e.name)}-${id}.${mime === 'image/png' ? 'png' : 'jpg'}`;
    }
    const rootId = e.parent ? e.parent.rootId : id;
    const inputTokens = e.inputs.length * 258 + Math.ceil(e.prompt.length / 4);
    const cost = failed ? 0 : Math.round((e.model.price + (inputTokens * 0.5) / 1e6) * 1e6) / 1e6;
    const metadata = {};
    if (e.model.provider === 'offline') metadata.placeholder = true;
    if (e.tags) metadata.tags = e.tags;
    if (failed) metadata.options = { count: 1 };
    insertEntry.run(
      id, job.id, e.kind, failed ? 'failed' : 'completed', e.name, e.prompt, e.effectivePrompt, e.emotion, e.style,
      e.referenceType, e.template, e.model.provider, e.model.model, e.aspect[0], '1K', e.parent?.id ?? null, rootId,
      e.project, blobSha, filePath, inputTokens, failed ? 0 : 1290, cost, failed ? null : 4000 + Math.floor(rand() * 9000),
      failed ? JSON.stringify(pick(ERRORS)) : null, JSON.stringify(metadata), createdAt,
    );
    e.inputs.forEach((input, position) => {
      if (input.newBlob) {
        insertBlob.run(input.sha, input.mime, input.bytes, input.width, input.height, createdAt);
        stats.blobs++;
      }
      insertInput.run(id, position, input.role, input.sha, input.sourceEntryId, input.source);
    });
    stats.entries++;
    if (failed) stats.failed++;
    stats.kinds[e.kind] = (stats.kinds[e.kind] ?? 0) + 1;
    const depth = e.parent ? e.parent.depth + 1 : 0;
    const made = { id, rootId, depth, effectivePrompt: e.effectivePrompt, name: e.name, blobSha, mime, model: e.model, aspect: e.aspect, project: e.project, style: e.style, template: e.template };
    if (depth > stats.maxDepth) {
      stats.maxDepth = depth;
      deepest = made;
    }
    return made;
  };

  const freshPrompt = () => {
    const t = rand();
    if (t < 0.55) return `a ${pick(ADJECTIVES)} ${pick(SUBJECTS)} ${pick(SETTINGS)} ${pick(TIMES)}${rand() < 0.7 ? `, ${pick(STYLES)}` : ''}`;
    if (t < 0.8) return `${pick(VISTAS)} over ${pick(PLACES)}, a ${pick(ADJECTIVES)} ${pick(SUBJECTS)} in the distance${rand() < 0.5 ? `, ${pick(STYLES)}` : ''}`;
    return `portrait of a ${pick(SUBJECTS)} ${pick(SETTINGS)}, ${pick(STYLES)}, ${pick(STYLES)}`;
  };
  const combine = (base, instruction) => `${base.replace(/[.\s]+$/, '')}. ${instruction}`;
  const newInput = (role, n, k) => {
    const [w, h] = rand() < 0.5 ? [4000, 3000] : [1080, 1350];
    return { role, sha: fakeSha(`in:${seed}:${n}:${k}`), mime: 'image/jpeg', bytes: 400_000 + Math.floor(rand() * 3_000_000), width: w, height: h, sourceEntryId: null, source: `/home/user/photos/IMG_${1000 + (n % 9000)}.jpg`, newBlob: true };
  };
  const parentInput = (p) => ({ role: 'parent', sha: p.blobSha, mime: p.mime, sourceEntryId: p.id, source: null, newBlob: false });
  const common = () => ({
    emotion: rand() < 0.8 ? pick(EMOTIONS) : null,
    project: rand() < 0.5 ? pick(PROJECTS) : null,
    failed: rand() < 0.04,
    tags: rand() < 0.05 ? { client: pick(['acme', 'globex', 'initech']) } : undefined,
  });

  // Users mostly regenerate something recent and shallow; long chains come from the streams.
  let candidate = null;
  const shallowRecent = () => {
    if (candidate) return candidate;
    for (let k = 0; k < 3 && recent.length > 0; k++) {
      const p = recent[Math.floor(rand() * recent.length)];
      if (p.depth < 8) return (candidate = p);
    }
    return null;
  };
  const regenerateOf = (parent, createdAt, instruction = pick(INSTRUCTIONS)) => ({
    kind: 'regenerate', ...common(), createdAt, parent, prompt: instruction,
    effectivePrompt: combine(parent.effectivePrompt, instruction), name: nameFrom(`${instruction} ${parent.name}`),
    model: parent.model, aspect: parent.aspect, style: parent.style, template: parent.template, referenceType: null,
    project: parent.project, inputs: [parentInput(parent)], newJob: true,
  });

  const streamEntry = (stream, createdAt) => {
    const s = streams[stream];
    const j = s.next++;
    const parentIndex = s.nodes[j];
    let e;
    if (parentIndex === -1) {
      const prompt = stream === showcaseStream ? 'a silver ring with a blue stone on white marble, product shot on white' : freshPrompt();
      e = { kind: 'generate', ...common(), failed: false, createdAt, parent: null, prompt, effectivePrompt: prompt, name: nameFrom(prompt), model: MODELS[0], aspect: ASPECTS[0], style: 'product', template: null, referenceType: null, project: 'jewellery-catalogue', inputs: [], newJob: true };
    } else {
      const parent = s.made[parentIndex];
      e = { ...regenerateOf(parent, createdAt, INSTRUCTIONS[j % INSTRUCTIONS.length]), failed: false };
    }
    const made = writeEntry(e);
    s.made.push(made);
    return made;
  };

  const backgroundEntry = (i, createdAt) => {
    const n = entryNumber;
    const t = rand();
    let e;
    if (job && job.left > 0 && job.batch) {
      e = { ...job.batch, ...common(), createdAt, newJob: false };
    } else if (t < 0.2 && shallowRecent()) {
      e = regenerateOf(shallowRecent(), createdAt);
    } else if (t < 0.32) {
      const prompt = pick(EDITS);
      const count = 1 + Math.floor(rand() * 3);
      const template = rand() < 0.3 ? pick(TEMPLATES) : null;
      e = { kind: 'modify', ...common(), createdAt, parent: null, prompt, effectivePrompt: prompt, name: nameFrom(prompt), model: pickModel(), aspect: pick(ASPECTS), style: null, template, referenceType: null, inputs: Array.from({ length: count }, (_, k) => newInput(template && k === 0 ? 'ornament' : 'input', n, k)), newJob: true };
    } else if (t < 0.4) {
      const prompt = freshPrompt();
      const referenceType = pick(['subject', 'face', 'full_image']);
      e = { kind: 'reference', ...common(), createdAt, parent: null, prompt, effectivePrompt: `${prompt}. Keep the ${referenceType === 'face' ? "person's facial structure, features, skin tone and hair" : 'form, shape, proportions, colours and textures'} of the reference image.`, name: nameFrom(prompt), model: pickModel(), aspect: pick(ASPECTS), style: null, template: null, referenceType, inputs: [newInput('reference', n, 0)], newJob: true };
    } else {
      const prompt = freshPrompt();
      const style = rand() < 0.4 ? pick(STYLE_PRESETS) : null;
      const size = pick([1, 1, 1, 1, 2, 4]);
      e = { kind: 'generate', ...common(), createdAt, parent: null, prompt, effectivePrompt: style ? `${prompt}, ${style} style` : prompt, name: nameFrom(prompt), model: pickModel(), aspect: pick(ASPECTS), style, template: null, referenceType: null, inputs: [], newJob: true, jobSize: size };
    }
    candidate = null;
    const made = writeEntry(e);
    if (e.newJob && e.jobSize > 1) job.batch = { ...e, jobSize: undefined };
    if (job.left === 0) job.batch = undefined;
    if (!e.failed) {
      if (recent.length < RECENT) recent.push(made);
      else recent[Math.floor(rand() * RECENT)] = made;
    }
    return made;
  };

  const BATCH = 50_000;
  let showcase = { root: null, deepest: null };
  for (let start = 0; start < total; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const createdAt = timeOf(i);
        if (owner[i] !== -1) {
          // A family's entry interrupts any batch in progress: it is another invocation.
          if (job) job.left = 0;
          streamEntry(owner[i], createdAt);
        } else backgroundEntry(i, createdAt);
      }
    })();
    log(`  ${Math.min(total, start + BATCH).toLocaleString('en')} / ${total.toLocaleString('en')} entries`);
  }
  if (showcaseStream !== -1) {
    const made = streams[showcaseStream].made;
    showcase = { root: made[0].id, deepest: made.reduce((a, b) => (b.depth > a.depth ? b : a)).id, size: made.length };
  }
  db.pragma('journal_mode = WAL'); // as imagegen leaves every catalog
  db.close();
  const facts = { total, ...stats, deepest: deepest?.id ?? null, showcase, newest: timeOf(total - 1) };
  return migrate ? { ...facts, ...(await migrateCatalog(file)) } : facts;
}

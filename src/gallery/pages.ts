/**
 * The gallery's HTML: the index (every entry as a card with a lazy thumbnail, plus the entries'
 * facts as JSON for the client-side filter) and one page per entry. Pure functions of their data;
 * every user string goes through `h` or `jsonForScript`.
 */
import { dollars, bytes } from '../domain/text.js';
import { h, jsonForScript } from './html.js';
import { userTags } from '../core/metadata-keys.js';
import type { DescendantNode, Families } from './families.js';
import type { FamilyRow } from '../catalog/catalog.js';
import type { Entry, EntryInput } from '../domain/entry.js';

export interface ThumbRef {
  /** Relative to the gallery's folder. */
  file: string;
  width: number;
  height: number;
}

export interface GalleryItem {
  entry: Entry;
  thumb: ThumbRef | null;
  /** The full-size image, relative to the gallery's folder. */
  image: string | null;
  inputs: { input: EntryInput; thumb: ThumbRef | null }[];
  provenance: Record<string, string> | null;
}

/** What the client-side filter reads for each card (also the order of the cards). */
export interface CardData {
  id: string;
  name: string;
  prompt: string;
  effectivePrompt: string;
  kind: string;
  status: string;
  emotion: string | null;
  project: string | null;
  model: string;
  costUsd: number | null;
  createdAt: string;
}

/**
 * The pages may load only their own folder's files (`'self'` on a web host, `file:` from disk):
 * no network, and no inline script ever runs — a second wall behind the escaping.
 */
const CSP = "default-src 'none'; img-src 'self' file:; style-src 'self' file:; script-src 'self' file:; base-uri 'none'; form-action 'none'";

export function entryPagePath(id: string): string {
  return `e/${id}.html`;
}

function page(title: string, root: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${h(title)}</title>
<link rel="stylesheet" href="${root}assets/gallery.css">
</head>
<body>
${body}
${script}</body>
</html>
`;
}

function thumbImg(thumb: ThumbRef | null, alt: string, root: string): string {
  if (!thumb) return `<div class="nothumb" role="img" aria-label="${h(alt)}">no image</div>`;
  return `<img src="${root}${h(thumb.file)}" width="${h(thumb.width)}" height="${h(thumb.height)}" loading="lazy" decoding="async" alt="${h(alt)}">`;
}

/** The facts a card and a page's header show as chips. */
function chips(facts: Pick<CardData, 'kind' | 'emotion' | 'status' | 'costUsd'>): string {
  const parts = [
    `<span class="chip kind">${h(facts.kind)}</span>`,
    facts.emotion ? `<span class="chip emotion">${h(facts.emotion)}</span>` : '',
    facts.status !== 'completed' ? `<span class="chip status">${h(facts.status)}</span>` : '',
    `<span class="cost">${h(dollars(facts.costUsd))}</span>`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** What the index shows of an entry (its card and the filter's data): all it needs, so it can be kept from run to run. */
export function cardData(e: Entry): CardData {
  return {
    id: e.id,
    name: e.name,
    prompt: e.prompt,
    effectivePrompt: e.effectivePrompt,
    kind: e.kind,
    status: e.status,
    emotion: e.emotion,
    project: e.project,
    model: e.model,
    costUsd: e.usage.costUsd,
    createdAt: e.createdAt,
  };
}

/** An entry's card in the index: the same bytes for the same card and thumbnail, so a run can keep it. */
export function renderCard(card: CardData, thumb: ThumbRef | null): string {
  const href = entryPagePath(card.id);
  return `<li class="card" data-id="${h(card.id)}"><a class="thumb" href="${href}">${thumbImg(thumb, card.name, '')}</a><div class="meta"><a class="name" href="${href}">${h(card.name)}</a> <code class="id">${h(card.id)}</code><div class="facts">${chips(card)}</div></div></li>`;
}

/**
 * A card's facts for the filter, as the index's JSON holds them: the index's data is these joined
 * by commas in brackets (the same bytes as the whole list made safe at once, since the escapes
 * are per character).
 */
export function cardJson(card: CardData): string {
  return jsonForScript(card);
}

/** The index, from each entry's card (`renderCard`) and facts (`cardJson`), in order. */
export function renderIndex(cards: readonly string[], facts: readonly string[], summary: { totalCostUsd: number }): Buffer {
  const frame = indexFrame(cards.length, summary);
  return Buffer.from(`${frame.before}${cards.join('\n')}${frame.between}${facts.join(',')}${frame.after}`, 'utf8');
}

/**
 * The index around its cards (joined by newlines, between `before` and `between`) and its facts
 * (joined by commas, between `between` and `after`), so a run can paste kept ones as they are.
 */
export function indexFrame(count: number, summary: { totalCostUsd: number }): { before: string; between: string; after: string } {
  const select = (name: string, label: string) => `<label>${label} <select id="f-${name}" data-field="${name}"><option value="">all</option></select></label>`;
  const body = `<header>
<h1>imagegen gallery</h1>
<p class="summary"><span id="count">${count}</span> of ${count} entries · ${h(dollars(summary.totalCostUsd))} in all</p>
<form id="filters" role="search">
<input id="q" type="search" placeholder="search names, prompts and ids" autocomplete="off" aria-label="search">
${select('kind', 'kind')}
${select('emotion', 'emotion')}
${select('project', 'project')}
${select('model', 'model')}
</form>
</header>
<main>
<ul id="grid">
\u0000
</ul>
<p id="empty"${count ? ' hidden' : ''}>${count ? 'No entry matches.' : 'No entries to show.'}</p>
</main>`;
  const script = `<script type="application/json" id="gallery-data">[\u0000]</script>
<script src="assets/gallery.js"></script>
`;
  // The cards and facts go where the two NULs are: nothing else here can hold one (\`h\` shows a
  // NUL as its control picture).
  const [before, between, after] = page('imagegen gallery', '', body, script).split('\u0000') as [string, string, string];
  return { before, between, after };
}

export interface EntryPageContext {
  families: Families;
  /** Whether an entry has a page in this gallery (others are named, not linked). */
  inGallery: (id: string) => boolean;
}

function nodeLabel(row: FamilyRow, ctx: EntryPageContext, current: string): string {
  const label = `${h(row.name)} <code>${h(row.id)}</code> <span class="chip kind">${h(row.kind)}</span>${row.status !== 'completed' ? ` <span class="chip status">${h(row.status)}</span>` : ''}`;
  if (row.id === current) return `<strong class="current" aria-current="page">${label}</strong>`;
  return ctx.inGallery(row.id) ? `<a href="${h(row.id)}.html">${label}</a>` : `<span class="absent">${label}</span>`;
}

function descendantsHtml(nodes: readonly DescendantNode[], ctx: EntryPageContext, current: string): string {
  if (nodes.length === 0) return '';
  return `<ul>${nodes.map((n) => `<li>${nodeLabel(n.row, ctx, current)}${descendantsHtml(n.children, ctx, current)}</li>`).join('')}</ul>`;
}

/** Lineage from the root down to the entry, then its descendants, as one nested list. */
function treeHtml(entry: Entry, ctx: EntryPageContext): string {
  const { path, hidden } = ctx.families.lineage(entry.id);
  const { nodes, omitted } = ctx.families.descendants(entry.id);
  let inner = `${descendantsHtml(nodes, ctx, entry.id)}${omitted ? `<ul><li class="more">… ${omitted} more descendants</li></ul>` : ''}`;
  for (let i = path.length - 1; i >= 0; i--) {
    const row = path[i]!;
    const fold = i === 1 && hidden ? `<li class="more">… ${hidden} more ancestors</li>` : '';
    inner = `<ul>${fold}<li>${nodeLabel(row, ctx, entry.id)}${inner}</li></ul>`;
  }
  return `<div class="tree" id="lineage">${inner}</div>`;
}

function row(label: string, value: string): string {
  return value === '' ? '' : `<dt>${h(label)}</dt><dd>${value}</dd>`;
}

export function renderEntryPage(item: GalleryItem, ctx: EntryPageContext): string {
  const e = item.entry;
  const tags = Object.entries(userTags(e.metadata));
  // Numbers from the catalog are escaped too: the catalog is a file, and files are not trusted.
  const size = e.file ? ` width="${h(e.file.width)}" height="${h(e.file.height)}"` : '';
  const figure = item.image
    ? `<figure class="hero"><a href="../${h(item.image)}"><img src="../${h(item.image)}"${size} loading="lazy" decoding="async" alt="${h(e.name)}"></a><figcaption><a href="../${h(item.image)}">full size</a>${e.file ? ` · ${h(e.file.width)}×${h(e.file.height)} ${h(e.file.mimeType)}, ${h(bytes(e.file.bytes))}` : ''}</figcaption></figure>`
    : `<figure class="hero">${thumbImg(item.thumb, e.name, '../')}${item.thumb ? '<figcaption>a thumbnail: this gallery holds no full-size images</figcaption>' : ''}</figure>`;
  const inputs = item.inputs.length
    ? `<section><h2>Inputs</h2><ul class="inputs">${item.inputs
        .map(({ input, thumb }) => {
          const from = input.entryId
            ? ctx.inGallery(input.entryId)
              ? `<a href="${h(input.entryId)}.html">entry <code>${h(input.entryId)}</code></a>`
              : `entry <code>${h(input.entryId)}</code>`
            : h(input.source ?? '(a file)');
          return `<li>${thumbImg(thumb, `${input.role} input`, '../')}<div><strong>${h(input.role)}</strong><br>${from}<br><code class="sha">${h(input.sha256.slice(0, 12))}</code></div></li>`;
        })
        .join('')}</ul></section>`
    : '';
  const provenance = item.provenance
    ? `<dl>${Object.entries(item.provenance).map(([k, v]) => row(k.replace(/^imagegen:/, ''), h(v))).join('')}</dl>`
    : '<p>No provenance is embedded in this image.</p>';
  const body = `<header><p><a href="../index.html">← gallery</a></p>
<h1>${h(e.name)} <code class="id">${h(e.id)}</code></h1>
<p class="facts">${chips({ kind: e.kind, emotion: e.emotion, status: e.status, costUsd: e.usage.costUsd })} · ${h(e.createdAt)}${e.project ? ` · project ${h(e.project)}` : ''}</p>
</header>
<main class="entry">
${figure}
<div class="details">
${e.error ? `<section class="error"><h2>Error</h2><p><code>${h(e.error.code)}</code> ${h(e.error.message)}</p></section>` : ''}
<section><h2>Prompt</h2>
<h3>As typed</h3><pre class="prompt" id="prompt">${h(e.prompt)}</pre>
<h3>As sent</h3><pre class="prompt" id="effective-prompt">${e.effectivePrompt === e.prompt ? '(the same)' : h(e.effectivePrompt)}</pre>
</section>
<section><h2>Parameters</h2><dl>
${row('model', `${h(e.model)} (${h(e.provider)})`)}${row('aspect ratio', h(e.aspectRatio))}${row('size', h(e.imageSize))}${row('emotion', h(e.emotion))}${row('style', h(e.style))}${row('reference', h(e.referenceType))}${row('template', h(e.template))}${row('took', e.durationMs === null ? '' : `${(e.durationMs / 1000).toFixed(1)} s`)}
</dl></section>
${inputs}
<section><h2>Lineage</h2>${treeHtml(e, ctx)}</section>
<section><h2>Cost</h2><dl>${row('cost', h(dollars(e.usage.costUsd)))}${row('tokens', `${h(e.usage.inputTokens)} in / ${h(e.usage.outputTokens)} out`)}</dl></section>
${tags.length ? `<section><h2>Tags</h2><dl>${tags.map(([k, v]) => row(k, h(v))).join('')}</dl></section>` : ''}
<section><h2>Provenance</h2>
<dl>${row('job', h(e.jobId))}${e.file ? row('file', h(e.file.path)) + row('sha256', `<code>${h(e.file.sha256)}</code>`) : ''}</dl>
<h3>Embedded in the image</h3>
${provenance}
</section>
</div>
</main>`;
  return page(`${e.name} · imagegen`, '../', body);
}

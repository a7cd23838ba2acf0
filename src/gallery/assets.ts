/**
 * The gallery's stylesheet and script, written as local files beside the pages: no network, no
 * CDN, and they work from file://. The script reads the cards' facts from the JSON in the index
 * (parsed, never evaluated) and shows or hides cards; it writes user strings only through
 * textContent and option values, never as HTML.
 */

export const GALLERY_CSS = `:root { color-scheme: light dark; --bg: #fafafa; --fg: #18181b; --muted: #71717a; --card: #fff; --line: #e4e4e7; --accent: #2563eb; }
@media (prefers-color-scheme: dark) { :root { --bg: #18181b; --fg: #f4f4f5; --muted: #a1a1aa; --card: #27272a; --line: #3f3f46; --accent: #60a5fa; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; background: var(--bg); color: var(--fg); }
header, main { padding: 12px 20px; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 4px 0; overflow-wrap: anywhere; }
h2 { font-size: 15px; margin: 18px 0 6px; }
h3 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); font-weight: 600; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
.summary { color: var(--muted); margin: 2px 0 8px; }
#filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
#filters input { flex: 1 1 240px; padding: 6px 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
#filters select { font: inherit; padding: 4px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
#grid { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.card[hidden] { display: none; }
.card .thumb { display: flex; align-items: center; justify-content: center; aspect-ratio: 1; background: var(--line); }
.card img { width: 100%; height: 100%; object-fit: contain; display: block; }
.nothumb { display: flex; align-items: center; justify-content: center; width: 100%; aspect-ratio: 1; color: var(--muted); background: var(--line); }
.meta { padding: 8px 10px; }
.meta .name { font-weight: 600; overflow-wrap: anywhere; }
.facts { color: var(--muted); margin-top: 4px; }
.chip { display: inline-block; padding: 0 6px; border-radius: 9px; background: var(--line); color: var(--fg); font-size: 12px; }
.chip.status { background: #fecaca; color: #7f1d1d; }
.cost { font-variant-numeric: tabular-nums; }
.entry { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(300px, 1.2fr); gap: 24px; align-items: start; }
@media (max-width: 800px) { .entry { grid-template-columns: 1fr; } }
.hero { margin: 0; }
.hero img { width: 100%; max-width: 1024px; height: auto; image-rendering: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--line); }
.hero figcaption { color: var(--muted); margin-top: 4px; }
pre.prompt { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 0; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.inputs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; }
.inputs li { display: flex; gap: 8px; align-items: flex-start; }
.inputs img, .inputs .nothumb { width: 96px; height: 96px; object-fit: contain; border: 1px solid var(--line); border-radius: 4px; }
.tree ul { list-style: none; margin: 0; padding-left: 16px; border-left: 1px dashed var(--line); }
.tree > ul { padding-left: 0; border-left: 0; }
.tree li { margin: 3px 0; }
.tree .current { background: var(--line); border-radius: 4px; padding: 0 4px; }
.tree .absent { color: var(--muted); }
.tree .more { color: var(--muted); font-style: italic; }
.error { border-left: 3px solid #dc2626; padding-left: 10px; }
`;

export const GALLERY_JS = `(function () {
  'use strict';
  var dataEl = document.getElementById('gallery-data');
  if (!dataEl) return;
  var entries = JSON.parse(dataEl.textContent || '[]');
  var cards = {};
  Array.prototype.forEach.call(document.querySelectorAll('#grid .card'), function (card) { cards[card.getAttribute('data-id')] = card; });
  var search = document.getElementById('q');
  var selects = Array.prototype.slice.call(document.querySelectorAll('#filters select'));
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');

  selects.forEach(function (select) {
    var field = select.getAttribute('data-field');
    var values = {};
    entries.forEach(function (e) { if (e[field]) values[e[field]] = true; });
    Object.keys(values).sort().forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    if (select.options.length <= 2) select.parentNode.hidden = true;
  });

  var haystacks = entries.map(function (e) {
    return [e.name, e.id, e.prompt, e.effectivePrompt, e.project || '', e.model, e.kind, e.emotion || ''].join('\\n').toLowerCase();
  });

  function apply() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = selects.map(function (s) { return [s.getAttribute('data-field'), s.value]; }).filter(function (p) { return p[1] !== ''; });
    var shown = 0;
    entries.forEach(function (e, i) {
      var ok = terms.every(function (t) { return haystacks[i].indexOf(t) !== -1; }) &&
        wanted.every(function (p) { return e[p[0]] === p[1]; });
      var card = cards[e.id];
      if (card) card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = String(shown);
    empty.hidden = shown !== 0;
    var params = new URLSearchParams();
    if (search.value) params.set('q', search.value);
    wanted.forEach(function (p) { params.set(p[0], p[1]); });
    var hash = params.toString();
    // file:// pages have an opaque origin, where some browsers refuse replaceState: keep filtering.
    try { history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search); } catch (err) { /* not linkable here */ }
  }

  // Filters survive a reload and can be linked to: #q=fox&kind=regenerate
  var initial = new URLSearchParams(location.hash.slice(1));
  if (initial.get('q')) search.value = initial.get('q');
  selects.forEach(function (s) { var v = initial.get(s.getAttribute('data-field')); if (v) s.value = v; });
  search.addEventListener('input', apply);
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  if (search.value || selects.some(function (s) { return s.value; })) apply();
})();
`;

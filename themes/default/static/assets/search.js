// plansite search: turns the search page's hidden form into a working search
// over the pagefind index in ../pagefind/. The index is split into shards
// (one pagefind bundle per board and run of years, listed in
// ../pagefind/shards.json): the first shard of the chosen board (or of the
// site) is the primary index and the others are merged into it. No inline
// script or style, no innerHTML: results are built as DOM nodes from plain
// text, so the page works under a strict Content-Security-Policy
// (pagefind's WebAssembly needs 'wasm-unsafe-eval' in script-src; see the
// README). Where the site's policy blocks it, or search cannot start for any
// other reason, the status says so within a few seconds (never "Searching…"
// for ever) and points to the list of meetings.
const form = document.getElementById('search-form');
const input = document.getElementById('search-input');
const board = document.getElementById('search-board');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const nojs = document.getElementById('search-nojs');
const MAX_RESULTS = 30;
const UNAVAILABLE = 'Search is not available right now. Browse the meetings below instead.';
// How long starting the search engine may take before the page gives up on
// it (a blocked WebAssembly module can leave pagefind's promise unsettled).
const START_LIMIT_MS = 4000;
const INDEX = new URL('../pagefind/', import.meta.url);
const SITE = new URL('../', import.meta.url).pathname;

// Rejects as soon as the page's Content-Security-Policy blocks something
// search needs: pagefind's script, its index files or its WebAssembly.
const blocked = new Promise((resolve, reject) => {
  document.addEventListener('securitypolicyviolation', (event) => {
    const d = event.effectiveDirective || event.violatedDirective || '';
    if (/^(script-src|connect-src|worker-src|default-src)/.test(d)) reject(new Error(`blocked by the Content-Security-Policy (${d})`));
  });
});
blocked.catch(() => {});
// Compiles the smallest WebAssembly module (its 8-byte header): refused at
// once where the policy does not allow 'wasm-unsafe-eval'.
const wasm = (typeof WebAssembly === 'object'
  ? WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
  : Promise.reject(new Error('no WebAssembly')))
  .then(() => true, (e) => { throw new Error(`WebAssembly is not allowed: ${e && e.message}`); });
wasm.catch(() => {});

// `promise`, or a rejection when search is blocked or it takes too long.
function started(promise) {
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('search did not start in time')), START_LIMIT_MS);
  });
  return Promise.race([wasm.then(() => promise), blocked, late]).finally(() => clearTimeout(timer));
}

let manifest = null;
const engines = new Map();
// The search engine over the shards of `scope` (a board's slug, or '' for
// every board); null when there is nothing to search. Kept while it
// starts, so a search after a slow start uses it; forgotten if it fails.
function pagefind(scope) {
  if (!engines.has(scope)) {
    const starting = start(scope);
    engines.set(scope, starting);
    starting.catch(() => engines.delete(scope));
  }
  return engines.get(scope);
}

async function start(scope) {
  if (!manifest) {
    const response = await fetch(new URL('shards.json', INDEX));
    if (!response.ok) throw new Error(`shards.json: HTTP ${response.status}`);
    manifest = await response.json();
  }
  const shards = manifest.shards.filter((s) => scope === '' || s.board === scope);
  let engine = null;
  if (shards.length > 0) {
    const primary = new URL(shards[0].path, INDEX);
    const module = await import(new URL('pagefind.js', primary).href);
    engine = await module.createInstance({ basePath: primary.pathname, baseUrl: SITE });
    await engine.init();
    for (const shard of shards.slice(1)) {
      await engine.mergeIndex(new URL(shard.path, INDEX).pathname, { baseUrl: SITE });
    }
  }
  return engine;
}

function plain(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent || '';
}

function show(query, results) {
  list.replaceChildren();
  for (const r of results) {
    const li = document.createElement('li');
    const h = document.createElement('h3');
    const a = document.createElement('a');
    a.href = r.url;
    a.textContent = (r.meta && r.meta.title) || r.url;
    h.append(a);
    const p = document.createElement('p');
    p.textContent = plain(r.excerpt || '');
    li.append(h, p);
    list.append(li);
  }
  list.hidden = results.length === 0;
}

// Each search gets a number; a reply to an older one (a slow first load of
// the whole index, say) is dropped rather than shown over a newer one.
let latest = 0;

async function run(query) {
  const ticket = ++latest;
  query = query.trim();
  if (!query) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = 'Type a word or phrase to search for.';
    return;
  }
  status.textContent = 'Searching…';
  try {
    const pf = await started(pagefind(board ? board.value : ''));
    if (ticket !== latest) return;
    if (!pf) {
      show(query, []);
      status.textContent = 'This board has no papers to search yet.';
      return;
    }
    const search = await pf.search(query);
    const total = search.results.length;
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (ticket !== latest) return;
    show(query, data);
    const shown = total > MAX_RESULTS ? ` (showing the first ${MAX_RESULTS})` : '';
    status.textContent = total === 0
      ? `No papers found for “${query}”.`
      : `${total} ${total === 1 ? 'paper' : 'papers'} found for “${query}”${shown}.`;
  } catch (e) {
    if (ticket !== latest) return;
    status.textContent = UNAVAILABLE;
  }
}

if (form && input && status && list) {
  form.hidden = false;
  if (nojs) nojs.hidden = true;
  const submit = () => {
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.value.trim());
    if (board && board.value) url.searchParams.set('board', board.value);
    else url.searchParams.delete('board');
    window.history.replaceState(null, '', url);
    run(input.value);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  // Choosing another board searches again for what is in the box.
  if (board) board.addEventListener('change', () => { if (input.value.trim()) submit(); });
  const params = new URL(window.location.href).searchParams;
  const scope = params.get('board');
  if (board && scope && [...board.options].some((o) => o.value === scope)) board.value = scope;
  const initial = params.get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
}

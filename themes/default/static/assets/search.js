// plansite search: turns the search page's hidden form into a working search
// over the pagefind bundle in ../pagefind/. No inline script or style, no
// innerHTML: results are built as DOM nodes from plain text, so the page
// works under a strict Content-Security-Policy (pagefind's WebAssembly needs
// 'wasm-unsafe-eval' in script-src; see the README).
const form = document.getElementById('search-form');
const input = document.getElementById('search-input');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const nojs = document.getElementById('search-nojs');
const MAX_RESULTS = 30;

let engine = null;
async function pagefind() {
  if (!engine) {
    engine = await import(new URL('../pagefind/pagefind.js', import.meta.url).href);
    await engine.options({ baseUrl: new URL('../', import.meta.url).pathname });
    await engine.init();
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

async function run(query) {
  query = query.trim();
  if (!query) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = 'Type a word or phrase to search for.';
    return;
  }
  status.textContent = 'Searching…';
  try {
    const pf = await pagefind();
    const search = await pf.search(query);
    const total = search.results.length;
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    show(query, data);
    const shown = total > MAX_RESULTS ? ` (showing the first ${MAX_RESULTS})` : '';
    status.textContent = total === 0
      ? `No papers found for “${query}”.`
      : `${total} ${total === 1 ? 'paper' : 'papers'} found for “${query}”${shown}.`;
  } catch (e) {
    status.textContent = 'Search is not available right now. Browse the meetings below instead.';
  }
}

if (form && input && status && list) {
  form.hidden = false;
  if (nojs) nojs.hidden = true;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.value.trim());
    window.history.replaceState(null, '', url);
    run(input.value);
  });
  const initial = new URL(window.location.href).searchParams.get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
}

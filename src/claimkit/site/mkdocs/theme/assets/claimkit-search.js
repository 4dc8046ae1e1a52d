// claimkit's search page: runs Pagefind's search (pagefind/pagefind.js, written into the site
// by `claimkit build`) in the browser and lists the results. Everything it loads is in the
// site's own folder: the search code, the index's entry file, the part of the index a query's
// words fall in and the fragments of the results shown.
const RESULTS_AT_ONCE = 10;
const site = new URL("../", import.meta.url); // this file is in the site's assets/
const form = document.getElementById("ck-search");
const words = document.getElementById("ck-search-q");
const filters = ["verdict", "topic", "language"].map((name) => [
  name,
  document.getElementById(`ck-search-${name}`),
]);
const status = document.getElementById("ck-search-status");
const list = document.getElementById("ck-search-results");
const moreWrap = document.getElementById("ck-search-more-wrap");
const more = document.getElementById("ck-search-more");

let engine = null;
let found = [];
let shown = 0;
let asked = 0;

async function pagefind() {
  if (engine === null) {
    engine = await import(new URL("pagefind/pagefind.js", site).href);
    // Result URLs are from the site's root: the folder the site is served from, not the host's.
    await engine.options({ baseUrl: site.pathname });
    await engine.init();
  }
  return engine;
}

// Pagefind's excerpt is HTML: the page's text, escaped, with <mark> around the words found. It
// is read by an inert parser (which runs no script and loads nothing), and only its text and
// its marks are copied into the page: whatever else it might hold becomes nothing.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}`, "text/html").body;
  const out = document.createDocumentFragment();
  for (const node of parsed.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      out.append(document.createTextNode(node.data));
    } else if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    }
  }
  return out;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.className = "ck-search-result__title";
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  li.append(link);
  if (data.meta && data.meta.verdict) {
    const verdict = document.createElement("span");
    verdict.className = "ck-search-result__verdict";
    verdict.textContent = `Verdict: ${data.meta.verdict}`;
    li.append(verdict);
  }
  const p = document.createElement("p");
  p.className = "ck-search-result__excerpt";
  p.append(excerpt(data.excerpt || ""));
  li.append(p);
  return li;
}

async function showMore() {
  const batch = found.slice(shown, shown + RESULTS_AT_ONCE);
  const question = asked;
  const data = await Promise.all(batch.map((result) => result.data()));
  if (question !== asked) return; // a newer search has started
  list.append(...data.map(item));
  shown += batch.length;
  moreWrap.hidden = shown >= found.length;
}

function chosen() {
  const picked = {};
  for (const [name, select] of filters) {
    if (select.value) picked[name] = select.value;
  }
  return picked;
}

async function search() {
  const question = ++asked;
  const query = words.value.trim();
  const picked = chosen();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(picked)) params.set(name, value);
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  list.replaceChildren();
  moreWrap.hidden = true;
  found = [];
  shown = 0;
  if (!query && !Object.keys(picked).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  try {
    const engine = await pagefind();
    const answer = await engine.search(query || null, { filters: picked });
    if (question !== asked) return;
    found = answer.results;
    await showMore();
    if (question !== asked) return;
    const n = found.length;
    status.textContent = n === 0 ? "No page matches." : n === 1 ? "1 page found." : `${n} pages found.`;
  } catch (error) {
    if (question === asked) status.textContent = `The search could not run: ${error}`;
  }
}

let typing = null;
words.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(search, 250);
});
for (const [, select] of filters) select.addEventListener("change", search);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  search();
});
more.addEventListener("click", showMore);

// A search given in the address (from the header's box, or a shared link).
const given = new URLSearchParams(location.search);
words.value = given.get("q") || "";
for (const [name, select] of filters) {
  const value = given.get(name);
  if (value && [...select.options].some((option) => option.value === value)) select.value = value;
}
if (words.value || filters.some(([, select]) => select.value)) search();
words.focus();

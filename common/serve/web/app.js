// The search page: its state lives in the URL's #fragment (the API's own
// parameters: q, person, place, org, since, until, sort, offset, cluster,
// like, no-collapse, or article),
// so the back button, reloads and shared links work. Every text from the
// index goes into the page as text nodes, never as HTML.
"use strict";

const PAGE_SIZE = 10;
const FILTERS = ["person", "place", "org"];
// Parameters that choose articles on their own, without words.
const CHOOSERS = ["q", "since", "until", "cluster", "like", ...FILTERS];
const $ = (id) => document.getElementById(id);

function state() { return new URLSearchParams(location.hash.slice(1)); }
function go(params) {
  document.body.dataset.ready = "false";  // until render() has shown the new state
  location.hash = params.toString();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// `text` with its [start, end) UTF-8 byte ranges in <mark>.
function marked(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > bytes.length) continue;
    parts.push(decode(at, start), element("mark", {}, decode(start, end)));
    at = end;
  }
  parts.push(decode(at, bytes.length));
  return parts;
}

async function api(path, params) {
  const response = await fetch(path + (params ? "?" + params.toString() : ""));
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
  return body;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function renderFilters(params) {
  const chips = [];
  for (const type of FILTERS) {
    for (const name of params.getAll(type)) {
      chips.push(element("button", { type: "button", class: "chip", title: "remove this filter", onclick: () => {
        const next = state();
        const kept = next.getAll(type).filter((n) => n !== name);
        next.delete(type);
        kept.forEach((n) => next.append(type, n));
        next.delete("offset");
        next.delete("article");
        go(next);
      } }, `${type}: ${name} ×`));
    }
  }
  $("filters").replaceChildren(...chips);
}

// Which articles the counts are over, and "~" on estimates (docs/analyst.md, "Facets").
function facetCaption(result) {
  if (!result.facets_over) return [];
  const n = result.facets_articles.toLocaleString();
  let text = result.facets_over === "all_words"
    ? `in the ${n} article${result.facets_articles === 1 ? "" : "s"} with all the words`
    : `in all ${n} match${result.facets_articles === 1 ? "" : "es"}`;
  if (result.facets_estimated) text += `, estimated from a sample of ${result.facets_sampled.toLocaleString()}`;
  return [element("p", { id: "facets-over", class: "facets-over", "data-over": result.facets_over }, text)];
}

function renderFacets(result) {
  const facets = result.facets;
  const about = result.facets_estimated ? "~" : "";
  const groups = [];
  for (const type of FILTERS) {
    const list = (facets && facets[type]) || [];
    if (!list.length) continue;
    groups.push(element("h2", {}, { person: "people", place: "places", org: "organisations" }[type]));
    groups.push(element("ul", {}, ...list.map((f) => element("li", {}, element("button", {
      type: "button", class: "facet", "data-type": type, onclick: () => {
        const next = state();
        if (!next.getAll(type).includes(f.name)) next.append(type, f.name);
        next.delete("offset");
        next.delete("article");
        go(next);
      } }, element("span", {}, f.name), element("span", { class: "count" }, about + String(f.count)))))));
  }
  $("facets").replaceChildren(...(groups.length ? facetCaption(result) : []), ...groups);
}

function renderHit(hit) {
  const params = state();
  params.set("article", hit.id);
  const meta = [hit.date, hit.source, hit.author].filter(Boolean).join(" · ");
  return element("li", { class: "hit" },
    element("h3", {}, element("a", { href: "#" + params.toString() }, ...marked(hit.title || hit.id, hit.title_highlights))),
    element("div", { class: "meta" }, meta || hit.id, ...storyLinks(hit)),
    element("p", { class: "snippet" }, ...marked(hit.snippet_text, hit.highlights)));
}

// "+N similar" (the other copies of the story) and "more like this".
function storyLinks(hit) {
  const links = [];
  if (hit.similar_count > 0 && hit.cluster) {
    const story = new URLSearchParams({ cluster: hit.cluster, "no-collapse": "1" });
    links.push(element("a", { class: "similar", href: "#" + story.toString() }, `+${hit.similar_count} similar`));
  }
  links.push(element("a", { class: "like", href: "#" + new URLSearchParams({ like: hit.id }).toString() }, "more like this"));
  return links;
}

// Matches per period as bars (months; years when that is too many); a click
// narrows the search to that period.
function renderTimeline(result) {
  let periods = result.timeline || [];
  if (periods.length > 60) {
    const years = new Map();
    for (const p of periods) years.set(p.period.slice(0, 4), (years.get(p.period.slice(0, 4)) || 0) + p.count);
    periods = [...years].map(([period, count]) => ({ period, count }));
  }
  $("timeline").hidden = periods.length < 2;
  if (periods.length < 2) return;
  const most = Math.max(...periods.map((p) => p.count), 1);
  const bars = periods.map((p) => {
    const bar = element("button", {
      type: "button", class: "bar", "data-period": p.period, title: `${p.period}: ${p.count}`,
      "aria-label": `${p.period}: ${p.count}`, onclick: () => {
        const next = state();
        next.set("since", p.period);
        next.set("until", p.period);
        next.delete("offset");
        go(next);
      } });
    bar.style.height = `${(100 * p.count) / most}%`;  // CSSOM: the page's CSP allows no inline style attribute
    return bar;
  });
  $("timeline").replaceChildren(element("div", { class: "bars" }, ...bars),
    element("figcaption", {}, element("span", {}, periods[0].period), element("span", {}, periods.at(-1).period)));
}

function renderSummary(result) {
  const parts = [`${result.total_exact ? "" : "about "}${result.total.toLocaleString()} ` +
                 `article${result.total === 1 ? "" : "s"}`];
  if (result.collapsed && result.stories !== null && result.stories !== result.total) {
    const about = result.stories_exact ? "" : "about ";
    parts.push(` in ${about}${result.stories.toLocaleString()} stor${result.stories === 1 ? "y" : "ies"}`);
  }
  if (result.corrected) parts.push(` for “${result.searched}” (nothing matched “${result.query}”)`);
  const summary = [element("span", { id: "total", "data-total": String(result.total) }, ...parts)];
  if (result.suggestion && !result.corrected) {
    const params = state();
    params.set("q", result.suggestion);
    params.delete("offset");
    summary.push(" — did you mean ", element("a", { href: "#" + params.toString() }, result.suggestion), "?");
  }
  for (const warning of result.warnings || []) summary.push(element("div", { class: "warning" }, warning));
  $("summary").replaceChildren(...summary);
}

function renderPages(result) {
  // A collapsed result pages through stories, one hit each.
  const shown = result.collapsed && result.stories !== null ? result.stories : result.total;
  const offset = result.offset, pages = Math.ceil(shown / PAGE_SIZE);
  $("pages").hidden = pages <= 1;
  $("page").textContent = `page ${Math.floor(offset / PAGE_SIZE) + 1} of ${pages}`;
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + PAGE_SIZE >= shown;
}

function turnPage(by) {
  const next = state();
  next.set("offset", String(Math.max(0, Number(next.get("offset") || 0) + by * PAGE_SIZE)));
  go(next);
}

async function search(params) {
  const query = new URLSearchParams();
  for (const [name, value] of params) if (name !== "article" && value !== "") query.append(name, value);
  query.set("limit", String(PAGE_SIZE));
  query.set("timeline", "month");
  const result = await api("/api/search", query);
  renderSummary(result);
  renderTimeline(result);
  $("results").replaceChildren(...result.hits.map(renderHit));
  renderFacets(result);
  renderPages(result);
}

async function showArticle(id) {
  const a = await api("/api/article/" + encodeURIComponent(id).replaceAll("%2F", "/"));
  const back = state();
  back.delete("article");
  const meta = [a.date, a.source, a.author].filter(Boolean).join(" · ");
  const entities = FILTERS.filter((t) => a.entities[t].length)
    .map((t) => element("div", {}, `${t}: ${a.entities[t].join(", ")}`));
  $("article").replaceChildren(
    element("a", { href: "#" + back.toString(), id: "back" }, "← back to the results"),
    element("h2", {}, a.title || a.id),
    element("div", { class: "meta" }, meta || a.id),
    ...a.text.split("\n\n").map((p) => element("p", {}, p)),
    element("div", { class: "entities" }, ...entities));
}

async function render() {
  const params = state();
  $("q").value = params.get("q") || "";
  $("since").value = params.get("since") || "";
  $("until").value = params.get("until") || "";
  $("sort").value = params.get("sort") || "relevance";
  renderFilters(params);
  const article = params.get("article");
  $("article").hidden = !article;
  $("results-view").hidden = !!article;
  showError("");
  try {
    if (article) await showArticle(article);
    else if ([...params.keys()].some((k) => CHOOSERS.includes(k))) await search(params);
    else {
      $("summary").textContent = "";
      $("results").replaceChildren();
      $("facets").replaceChildren();
      $("pages").hidden = $("timeline").hidden = true;
    }
  } catch (error) {
    showError(error.message);
  }
  document.body.dataset.ready = "true";  // for the browser test: the page has settled
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const next = state();
  for (const name of ["q", "since", "until"]) {
    const value = $(name).value.trim();
    if (value) next.set(name, value); else next.delete(name);
  }
  if ($("sort").value === "date") next.set("sort", "date"); else next.delete("sort");
  next.delete("offset");
  next.delete("article");
  if (next.toString() === state().toString()) { document.body.dataset.ready = "false"; render(); } else go(next);
});
$("prev").addEventListener("click", () => turnPage(-1));
$("next").addEventListener("click", () => turnPage(1));
// A link within the page changes the state too: unsettled from the click on.
document.addEventListener("click", (event) => {
  if (event.target.closest('a[href^="#"]')) document.body.dataset.ready = "false";
});
window.addEventListener("hashchange", () => { document.body.dataset.ready = "false"; render(); });
render();

// Live preview for the subscription form: asks /api/preview after a pause in typing and shows the answer.
// Everything from the server is written with textContent, never as HTML.
(() => {
  "use strict";
  // The time-zone list starts on the browser's zone when nobody chose one and the zone is listed.
  const zoneSelect = document.querySelector('select[name="TimeZone"][data-detect="browser"]');
  if (zoneSelect) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && [...zoneSelect.options].some((o) => o.value === zone)) zoneSelect.value = zone;
  }
  const form = document.getElementById("subscribe-form");
  const query = document.getElementById("query");
  const minUpvotes = document.getElementById("minupvotes");
  const output = document.getElementById("preview");
  const topN = document.getElementById("topn");
  if (!form || !query || !output) return;
  const checked = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
  const isTop = () => checked("Kind") === "top";
  const isSimilar = () => checked("Kind") === "similar";
  const description = document.getElementById("description");
  const examples = document.getElementById("examples");
  const threshold = document.getElementById("threshold");

  let timer = 0;
  let latest = 0;

  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  const show = (...nodes) => output.replaceChildren(...nodes);

  // A summary line, then each paper as its title (a link only where `linkable` allows the url) and a meta line.
  const showPapers = (summary, papers, listClass, linkable, meta) => {
    const list = el("ol", undefined, listClass);
    for (const paper of papers) {
      const item = el("li");
      const link = el("a", paper.title);
      if (linkable(paper.url)) link.href = paper.url;
      link.rel = "noopener noreferrer";
      item.append(link, meta(paper));
      list.append(item);
    }
    show(summary, list);
  };

  // How many of the window's papers are listed, when not all of them.
  const shown = (summary, data, which) => {
    if (data.total > data.papers.length) summary.append(`; the ${which} ${data.papers.length} are shown`);
    summary.append(".");
  };

  const render = (data) => {
    let summary;
    if (data.summary) {
      summary = el("p", data.summary, "preview-summary");
    } else {
      summary = el("p", `${data.total} of the last ${data.window} papers match `, "preview-summary");
      summary.append(el("code", data.query));
      shown(summary, data, "newest");
    }
    showPapers(summary, data.papers, "preview-list", (url) => /^https?:\/\//.test(url), (paper) => {
      const authors = paper.authors.slice(0, 3).join(", ") + (paper.authors.length > 3 ? " et al." : "");
      const rank = paper.rank != null ? `#${paper.rank} · ` : "";
      return el("span", rank + authors + (paper.upvotes != null ? ` · ${paper.upvotes} ${paper.upvotes === 1 ? "upvote" : "upvotes"}` : ""), "meta");
    });
  };

  // Similar papers: closest first, each with its similarity and what it is close to.
  const renderSimilar = (data) => {
    const summary = el("p", `${data.total} of the last ${data.window} papers reach similarity ${data.threshold.toFixed(2)}`, "preview-summary");
    if (data.embedded < data.window) summary.append(` (${data.window - data.embedded} are not compared yet)`);
    shown(summary, data, "closest");
    showPapers(summary, data.papers, "preview-list similar", (url) => url.startsWith("/papers/"), (paper) => {
      const meta = el("span", ` · ${paper.reason}`, "meta");
      meta.prepend(el("span", `similarity ${paper.similarity.toFixed(2)}`, "similarity"));
      return meta;
    });
  };

  // An alert with example papers needs a higher threshold than a description alone for the same share of papers:
  // while the slider sits on a default, it follows the alert's kind; once moved, it is left alone.
  const followDefault = (defaults) => {
    if (!defaults) return false;
    const now = Number(threshold.value);
    const wanted = examples.value.trim() ? defaults.examples : defaults.description;
    const onDefault = [defaults.description, defaults.examples].some((d) => Math.abs(d - now) < 0.005);
    if (!onDefault || Math.abs(wanted - now) < 0.005) return false;
    threshold.value = wanted.toFixed(2);
    return true;
  };

  const refreshSimilar = async () => {
    if (!description.value.trim() && !examples.value.trim()) {
      show(el("p", "Describe what you want or give an example paper to see which recent papers are close.", "preview-hint"));
      return;
    }
    const ticket = ++latest;
    const params = new URLSearchParams({ description: description.value, examples: examples.value, threshold: threshold.value, q: query.value });
    if (minUpvotes && minUpvotes.value.trim()) params.set("minUpvotes", minUpvotes.value.trim());
    try {
      const response = await fetch(`/api/preview/similar?${params}`, { headers: { Accept: "application/json" } });
      if (ticket !== latest) return;
      if (response.status === 429) {
        show(el("p", "Too many previews at once; wait a moment.", "preview-error"));
        return;
      }
      const data = await response.json();
      if (ticket !== latest) return;
      if (response.ok && followDefault(data.defaults)) return refreshSimilar();
      if (response.ok) renderSimilar(data);
      else show(el("p", data.detail || data.title || "This alert cannot be previewed.", "preview-error"));
    } catch {
      if (ticket === latest) show(el("p", "The preview is not available right now.", "preview-error"));
    }
  };

  const refresh = async () => {
    if (isSimilar() && description && examples && threshold) return refreshSimilar();
    const text = query.value;
    if (!text.trim() && !isTop()) {
      show(el("p", "Type an alert to see which recent papers it matches.", "preview-hint"));
      return;
    }
    const ticket = ++latest;
    const params = new URLSearchParams({ q: text });
    if (isTop()) {
      params.set("kind", "top");
      if (topN) params.set("n", topN.value);
      params.set("period", checked("Frequency") === "daily" ? "daily" : "weekly");
    }
    if (minUpvotes && minUpvotes.value.trim()) params.set("minUpvotes", minUpvotes.value.trim());
    try {
      const response = await fetch(`/api/preview?${params}`, { headers: { Accept: "application/json" } });
      if (ticket !== latest) return; // a newer request is on its way
      if (response.status === 429) {
        show(el("p", "Too many previews at once; wait a moment.", "preview-error"));
        return;
      }
      const data = await response.json();
      if (ticket !== latest) return;
      if (response.ok) render(data);
      else show(el("p", data.detail || data.title || "This query cannot be previewed.", "preview-error"));
    } catch {
      if (ticket === latest) show(el("p", "The preview is not available right now.", "preview-error"));
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };

  query.addEventListener("input", schedule);
  for (const input of form.querySelectorAll('input[name="Kind"], input[name="Frequency"], #topn')) input.addEventListener("change", refresh);
  if (minUpvotes) minUpvotes.addEventListener("input", schedule);
  for (const input of [description, examples, threshold]) if (input) input.addEventListener("input", schedule);
  for (const example of document.querySelectorAll("a.example[data-query]")) {
    example.addEventListener("click", (event) => {
      event.preventDefault();
      query.value = example.dataset.query;
      const queryKind = document.getElementById("kind-query");
      if (queryKind) queryKind.checked = true;
      query.focus();
      refresh();
    });
  }
  if ((query.value.trim() || isTop() || isSimilar()) && !output.querySelector(".preview-list, .preview-error")) refresh();
})();

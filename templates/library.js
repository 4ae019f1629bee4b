(() => {
  "use strict";
  const ui = JSON.parse(document.getElementById("translations").textContent);
  // Every card of the library, by title: [slug, its built languages, those not ready]
  // (indexes into .languages); how many cards a page shows; the search files' parts.
  const library = JSON.parse(document.getElementById("library").textContent);
  const form = document.getElementById("filters");
  const search = document.getElementById("search");
  const language = document.getElementById("language");
  const uiLanguage = document.getElementById("ui-language");
  const shown = document.getElementById("shown");
  const none = document.getElementById("none");
  const list = document.getElementById("handouts");
  const pager = document.getElementById("pager");
  const previous = document.getElementById("previous");
  const next = document.getElementById("next");
  const pageOf = document.getElementById("page-of");
  const handoutLanguages = new Set(Array.from(language.options, (o) => o.value).filter(Boolean));
  const catalog = library.cards.map(([slug, built, missing]) => ({
    slug,
    built: new Set(built.map((i) => library.languages[i])),
    missing: new Set(missing.map((i) => library.languages[i])),
  }));
  // The cards made so far (the first page's are in the page), and the page language
  // each was last written in.
  const cardOf = new Map(Array.from(list.querySelectorAll(":scope > .card"), (c) => [c.id.slice(5), c]));
  const writtenIn = new WeakMap();
  // The page language, and the handout language: null follows the page language,
  // "" is every language.  Both are remembered, and #ui=zh-TW&lang=ja links to them.
  let current = document.documentElement.lang;
  let chosen = null;
  let page = 1;
  let generation = 0;
  const STORE = "handout-library.";
  // Compatibility forms (full width, ligatures) unfolded, accents dropped, case folded.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  // What the search matches, by unit ("front", or a language's bodies) and slug: folded.
  const texts = new Map();
  const loads = new Map();
  const loaded = new Set();

  // The files of dist/library/ call these.  <script src> rather than fetch(), which
  // Chromium refuses for a page opened from disk.
  window.handoutLibrary = {
    card(slug, data) {
      const template = document.createElement("template");
      template.innerHTML = data.html;
      const card = template.content.querySelector(".card");
      if (!card || cardOf.has(slug)) return;
      for (const [tag, dates] of Object.entries(data.dates || {})) {
        if (ui[tag]) Object.assign(ui[tag].dates, dates);
      }
      cardOf.set(slug, card);
    },
    search(unit, entries) {
      const found = texts.get(unit) || new Map();
      for (const [slug, value] of Object.entries(entries)) {
        const text = typeof value === "string" ? value : Object.values(value).join("\n");
        found.set(slug, fold(text));
      }
      texts.set(unit, found);
    },
  };
  function load(src) {
    if (!loads.has(src)) {
      loads.set(src, new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = script.onerror = () => { script.remove(); loaded.add(src); resolve(); };
        document.head.append(script);
      }));
    }
    return loads.get(src);
  }
  const cardFile = (slug) => `library/cards/${encodeURIComponent(slug)}.js`;
  function searchFiles(units) {
    return units.flatMap((unit) => Array.from({length: library.search[unit] || 0},
                                              (_, i) => `library/search-${unit}-${i + 1}.js`));
  }
  function searchUnits(lang) {
    // The front matter in every language; the bodies of the handout language chosen,
    // of the page's language and of the source language.
    return Array.from(new Set(["front", lang, current, library.source]))
      .filter((unit) => unit && library.search[unit]);
  }

  function remembered(name) {
    try { return localStorage.getItem(STORE + name); } catch (e) { return null; }
  }
  function remember(name, value) {
    try { localStorage.setItem(STORE + name, value); } catch (e) { /* private mode: not kept */ }
  }
  function fromHash() {
    const found = {};
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const [key, value] = part.split("=").map((s) => { try { return decodeURIComponent(s || ""); } catch (e) { return ""; } });
      if (key === "ui" || key === "lang") found[key] = value;
    }
    return found;
  }
  function toHash() {
    const parts = [`ui=${encodeURIComponent(current)}`];
    if (chosen !== null) parts.push(`lang=${encodeURIComponent(chosen || "all")}`);
    try { history.replaceState(null, "", `#${parts.join("&")}`); } catch (e) { /* file:// in some browsers */ }
  }
  function handoutChoice(value) {
    // "all" (or "") is every language; an unknown language is ignored.
    if (value === "all" || value === "") return "";
    return handoutLanguages.has(value) ? value : undefined;
  }
  function effectiveLanguage() {
    if (chosen !== null) return chosen;
    return handoutLanguages.has(current) ? current : "";
  }

  function pluralIndex(tag, n) {
    // Babel's gettext plural expression for the language (from CLDR, not from a catalog).
    try { return Number(new Function("n", `return +(${ui[tag].plural});`)(n)); } catch (e) { return n === 1 ? 0 : 1; }
  }
  function format(text, args) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
  }
  const fieldsOf = (text) => (text.match(/\{\w+\}/g) || []).sort().join();
  function message(msgid, tag, plural, n) {
    const found = ui[tag] && ui[tag].messages[msgid];
    if (plural) {
      const forms = Array.isArray(found) ? found : [];
      return forms[pluralIndex(tag, n)] || (n === 1 ? msgid : plural);
    }
    return (typeof found === "string" && found) || msgid;
  }
  function translate(msgid, tag, plural, args) {
    return format(message(msgid, tag, plural, args && args.n), args || {});
  }
  function fillSlots(node, tag) {
    // "發布日期：{date}": the translation's text around the node's own elements.
    const slots = new Map(Array.from(node.querySelectorAll(":scope > [data-slot]"), (s) => [s.dataset.slot, s]));
    let text = message(node.dataset.i18n, tag);
    if (fieldsOf(text) !== fieldsOf(node.dataset.i18n)) text = node.dataset.i18n;
    const parts = text.split(/\{(\w+)\}/);
    node.replaceChildren(...parts.map((part, i) => (i % 2 && slots.has(part) ? slots.get(part)
      : document.createTextNode(i % 2 ? `{${part}}` : part))));
  }
  function joinVisible(list, tag) {
    // Separators between the items still shown, as the page's language writes a list.
    for (const sep of list.querySelectorAll(":scope > .sep")) sep.remove();
    const items = Array.from(list.children).filter((item) => !item.hidden);
    items.slice(1).forEach((item) => {
      const sep = document.createElement("span");
      sep.className = "sep";
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = ui[tag].sep;
      item.before(sep);
    });
  }
  function translateWithin(root, tag) {
    for (const node of root.querySelectorAll("[data-i18n]:not([data-i18n-slots])")) {
      const args = node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : {};
      node.textContent = translate(node.dataset.i18n, tag, node.dataset.i18nPlural, args);
    }
    for (const node of root.querySelectorAll("[data-i18n-slots]")) fillSlots(node, tag);
    for (const node of root.querySelectorAll("time[data-date]")) {
      node.textContent = ui[tag].dates[node.getAttribute("datetime")] || node.getAttribute("datetime");
    }
    for (const sep of root.querySelectorAll(".sep")) sep.textContent = ui[tag].sep;
    for (const name of ["aria-label"]) {
      for (const node of root.querySelectorAll(`[data-i18n-${name}]`)) {
        node.setAttribute(name, translate(node.getAttribute(`data-i18n-${name}`), tag));
      }
    }
  }
  function setInterface(tag) {
    if (!ui[tag]) return;
    current = tag;
    document.documentElement.lang = tag;
    document.documentElement.dir = ui[tag].dir;
    uiLanguage.value = tag;
    translateWithin(document, tag);
    for (const card of list.children) writtenIn.set(card, tag);
    apply(true);
  }

  function showCard(card, lang) {
    // The rows of the chosen language (all without one), the languages not ready, the
    // title and the thumbnail that go with them.
    const versions = Array.from(card.querySelectorAll(".version"));
    const missing = Array.from(card.querySelectorAll(".unavailable [data-lang]"));
    const row = versions.find((v) => v.dataset.lang === lang);
    const isMissing = missing.some((m) => m.dataset.lang === lang);
    for (const v of versions) v.hidden = Boolean(lang) && v !== row;
    // The languages not ready: all of them, or only the chosen one if it is among them.
    for (const m of missing) m.hidden = Boolean(lang) && m.dataset.lang !== lang;
    const unavailable = card.querySelector(".unavailable");
    if (unavailable) {
      unavailable.hidden = Boolean(lang) && !isMissing;
      for (const list of unavailable.querySelectorAll("[data-slot=languages]")) joinVisible(list, current);
    }
    // The card leads with the title in the chosen language, else the page's, else the source's.
    const titles = Array.from(card.querySelectorAll(".lead-title[data-lang]"));
    const lead = titles.find((t) => t.dataset.lang === lang)
      || titles.find((t) => t.dataset.lang === current)
      || titles.find((t) => t.dataset.lang === card.dataset.sourceLang) || titles[0];
    for (const t of titles) t.hidden = t !== lead;
    // Each title once: a row in the lead's language does not repeat it.
    for (const v of versions) {
      const title = v.querySelector(".title");
      if (title) title.hidden = Boolean(lead) && v.dataset.lang === lead.dataset.lang;
    }
    const pick = (row && row.dataset.href) ? row
      : versions.find((v) => lead && v.dataset.lang === lead.dataset.lang && v.dataset.href);
    const img = card.querySelector("img");
    if (img) img.src = (pick && pick.dataset.thumb) || img.dataset.defaultSrc;
    const link = card.querySelector(".thumb-link");
    if (link) {
      link.href = (pick && pick.dataset.href) || link.dataset.defaultHref;
      link.download = (pick && pick.dataset.download) || link.dataset.defaultDownload;
    }
  }

  // What shows: the cards of the language chosen whose texts hold every word searched,
  // a page at a time.  Search texts and cards not loaded yet are loaded first.
  function apply(keepPage) {
    const run = ++generation;
    const terms = fold(search.value).split(/\s+/).filter(Boolean);
    const lang = effectiveLanguage();
    language.value = lang;
    if (keepPage !== true) page = 1;
    const units = terms.length ? searchUnits(lang) : [];
    const files = searchFiles(units);
    if (files.some((src) => !loaded.has(src))) shown.textContent = translate("Searching…", current);
    whenLoaded(files, () => show(run, terms, lang, units));
  }
  function whenLoaded(files, then) {
    const pending = files.filter((src) => !loaded.has(src));
    if (!pending.length) { then(); return; }
    list.setAttribute("aria-busy", "true");
    Promise.all(pending.map(load)).then(then);
  }
  function matches(entry, terms, units) {
    return terms.every((term) => units.some((unit) => {
      const found = texts.get(unit);
      const text = found && found.get(entry.slug);
      return text !== undefined && text.includes(term);
    }));
  }
  function show(run, terms, lang, units) {
    if (run !== generation) return;
    const found = catalog.filter((entry) => (!lang || entry.built.has(lang) || entry.missing.has(lang))
                                           && (!terms.length || matches(entry, terms, units)));
    const pages = Math.max(1, Math.ceil(found.length / library.perPage));
    page = Math.min(Math.max(1, page), pages);
    const slice = found.slice((page - 1) * library.perPage, page * library.perPage);
    const absent = slice.filter((entry) => !cardOf.has(entry.slug)).map((entry) => cardFile(entry.slug))
      .filter((src) => !loaded.has(src));
    if (absent.length) {
      whenLoaded(absent, () => show(run, terms, lang, units));
      return;
    }
    const cards = slice.map((entry) => cardOf.get(entry.slug)).filter(Boolean);
    const same = cards.length === list.children.length && cards.every((card, i) => list.children[i] === card);
    if (!same) list.replaceChildren(...cards);
    for (const card of cards) {
      if (writtenIn.get(card) !== current) { translateWithin(card, current); writtenIn.set(card, current); }
      showCard(card, lang);
    }
    shown.textContent = translate("Showing {shown} of {n} article", current,
                                  "Showing {shown} of {n} articles", {shown: found.length, n: catalog.length});
    none.hidden = found.length > 0;
    pager.hidden = pages < 2;
    pageOf.textContent = translate("Page {page} of {pages}", current, null, {page, pages});
    previous.disabled = page <= 1;
    next.disabled = page >= pages;
    list.removeAttribute("aria-busy");
  }
  function turn(step) {
    page += step;
    apply(true);
    list.focus();
  }

  function restore() {
    // A link (#ui=…&lang=…) first, then what this browser remembers, then the clinic's default.
    const linked = fromHash();
    const tag = [linked.ui, remembered("ui")].find((t) => t && ui[t]);
    const wanted = [linked.lang, remembered("lang")].map(handoutChoice).find((v) => v !== undefined);
    chosen = wanted === undefined ? null : wanted;
    setInterface(tag || current);
  }

  // Print: load the PDF in a hidden frame and print it; where the browser
  // does not allow that (file:// pages are their own origin), open the PDF
  // in a new tab, where it prints with the viewer's own button.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("a[data-print]");
    if (!button) return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = button.textContent;
    frame.src = button.href;
    frame.addEventListener("load", () => {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); }
      catch (error) { window.open(button.href, "_blank", "noopener"); }
    });
    document.body.append(frame);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  search.addEventListener("input", () => apply());
  search.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && search.value) { search.value = ""; apply(); }
  });
  language.addEventListener("change", () => {
    chosen = language.value;
    remember("lang", chosen || "all");
    toHash();
    apply();
  });
  uiLanguage.addEventListener("change", () => {
    remember("ui", uiLanguage.value);
    setInterface(uiLanguage.value);
    toHash();
  });
  previous.addEventListener("click", () => turn(-1));
  next.addEventListener("click", () => turn(1));
  window.addEventListener("hashchange", () => { if (/(^#|&)(ui|lang)=/.test(location.hash)) restore(); });
  form.hidden = false;
  restore();
})();

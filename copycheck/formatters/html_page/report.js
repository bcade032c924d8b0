// Draws a copycheck JSON report over the texts it was made from: the report page and the playground.
// Every string from the report or the text goes in through textContent or setAttribute, never as
// markup, so nothing in an article can become HTML.
(() => {
  "use strict";
  const DATA = JSON.parse(document.getElementById("copycheck-data").textContent);
  const CATEGORY_AR = Object.fromEntries(DATA.categories.map((c) => [c.id, c.ar]));
  const SEVERITY_AR = Object.fromEntries(DATA.severities.map((s) => [s.id, s.ar]));
  const findingsByKey = new Map();
  const tip = document.getElementById("tip");
  // Characters a reader cannot see: a finding made only of them gets a visible sign.
  const INVISIBLE = /^[\s\p{Cf}]*$/u;
  const FORMAT_CHARACTER = /\p{Cf}/u;

  function h(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function english(text) {
    return h("span", { lang: "en", dir: "ltr" }, text);
  }

  function bilingual(arabic, englishText) {
    return [h("span", { lang: "ar" }, arabic), " · ", english(englishText)];
  }

  // -- counts and legend ------------------------------------------------------------------------
  function counter(findings) {
    const bySeverity = {}, byCategory = {};
    for (const f of findings) {
      bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
      byCategory[f.category] = (byCategory[f.category] || 0) + 1;
    }
    return { bySeverity, byCategory };
  }

  function chip(attributes, sign, label, count) {
    const classes = "chip" + (count ? "" : " zero");
    return h("li", Object.assign({ class: classes }, attributes), [sign, ...label, " ", h("b", {}, count)]);
  }

  function severityCounts(bySeverity) {
    return h("ul", { class: "counts severities", "aria-label": "Findings by severity" }, [
      h("li", { class: "label" }, bilingual("الدرجة", "Severity")),
      ...DATA.severities.map((s) => chip({ "data-severity": s.id },
        h("span", { class: "sev", "data-severity": s.id }), bilingual(s.ar, s.id), bySeverity[s.id] || 0)),
    ]);
  }

  // The legend: every category's colour, with its count.
  function categoryCounts(byCategory) {
    return h("ul", { class: "counts categories legend", "aria-label": "Findings by category (legend)" }, [
      h("li", { class: "label" }, bilingual("الفئة", "Category")),
      ...DATA.categories.map((c) => chip({ "data-category": c.id },
        h("span", { class: "swatch" }), bilingual(c.ar, c.id), byCategory[c.id] || 0)),
    ]);
  }

  function summary(report) {
    const s = report.summary;
    const files = s.files === 1 ? "1 file" : `${s.files} files`;
    const line = h("p", { class: "total" }, [
      h("span", { lang: "ar" }, `${s.findings} ملاحظة`), " · ",
      english(`${s.findings} finding(s) in ${files}, ${s.fixable} fixable with --fix`),
    ]);
    const errors = report.errors.map((e) => h("p", { class: "errors", dir: "ltr" }, describeError(e)));
    return [line, severityCounts(s.by_severity), categoryCounts(s.by_category), ...errors];
  }

  function describeError(error) {
    const where = [error.path, error.line].filter((part) => part !== undefined && part !== null).join(":");
    const rule = error.rule ? `rule ${error.rule}: ` : "";
    return `error: ${where ? where + ": " : ""}${rule}${error.message}`;
  }

  // -- marks over the text ----------------------------------------------------------------------
  // The text is cut at every start and end of a finding. A finding inside another is a <mark>
  // inside its <mark>; a finding that crosses the end of an enclosing one is drawn in pieces: its
  // first piece is its <mark data-rule>, the others are <mark class="continued"> with the same
  // data-finding. A finding of no characters is an empty <mark> at its position, outside the
  // marks that end or start there.
  function drawText(text, findings, fileKey) {
    const root = document.createDocumentFragment();
    const clamp = (offset) => Math.max(0, Math.min(text.length, offset));
    const items = findings.map((f, index) => {
      const start = clamp(f.utf16_start);
      return { f, key: `${fileKey}-${index}`, start, end: Math.max(start, clamp(f.utf16_end)) };
    }).sort((a, b) => a.start - b.start || b.end - a.end);
    const cuts = [...new Set([0, text.length, ...items.flatMap((i) => [i.start, i.end])])].sort((a, b) => a - b);
    const open = [];
    const current = () => (open.length ? open[open.length - 1].node : root);
    const push = (item, first) => {
      const node = markNode(item, first, text);
      current().append(node);
      open.push({ item, node });
    };
    let position = 0, next = 0;
    for (const cut of cuts) {
      if (cut > position) current().append(text.slice(position, cut));
      position = cut;
      const closing = open.findIndex((entry) => entry.item.end === cut);
      if (closing >= 0) {
        for (const entry of open.splice(closing)) if (entry.item.end > cut) push(entry.item, false);
      }
      const starting = [];
      while (next < items.length && items[next].start === cut) starting.push(items[next++]);
      for (const item of starting) if (item.end === cut) current().append(markNode(item, true, text));
      for (const item of starting) if (item.end > cut) push(item, true);
    }
    return root;
  }

  function markNode(item, first, text) {
    const { f, key } = item;
    const common = { "data-finding": key, "data-category": f.category, "data-severity": f.severity };
    if (!first) return h("mark", Object.assign({ class: "continued" }, common));
    const characters = text.slice(item.start, item.end);
    const attributes = Object.assign({
      id: `m-${key}`, "data-rule": f.rule, tabindex: 0, "aria-describedby": `d-${key}`,
    }, common);
    if (INVISIBLE.test(characters)) {
      attributes.class = "blank";
      const glyph = glyphFor(characters);
      if (glyph) attributes["data-glyph"] = glyph;
    }
    return h("mark", attributes);
  }

  // What stands in for an invisible finding (drawn by CSS, so the mark's text stays the finding's).
  function glyphFor(characters) {
    if (characters === "") return "‸";
    if (!FORMAT_CHARACTER.test(characters)) return null; // spaces show as the marked gap itself
    return [...characters].filter((c) => FORMAT_CHARACTER.test(c))
      .map((c) => "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")).join(" ");
  }

  // -- one finding, described -------------------------------------------------------------------
  function shown(text) {
    // Spaces at either end of a replacement would be invisible between the quotes.
    return text.replace(/^ +| +$/g, (spaces) => "␣".repeat(spaces.length));
  }

  function fixLine(f) {
    if (!f.replacements.length) return null;
    const quoted = (text) => (text === "" ? h("span", {}, bilingual("حذف", "delete")) : h("q", {}, shown(text)));
    if (f.fixable) {
      const [best, ...others] = f.replacements;
      const rest = others.length ? [" · ", ...bilingual("أو", "or"), " ", ...others.flatMap((t) => [quoted(t), " "])] : [];
      return h("p", { class: "fix" }, [...bilingual("الإصلاح", "fix (--fix)"), ": ", quoted(best), ...rest]);
    }
    return h("p", { class: "fix" }, [...bilingual("اقتراحات", "suggestions"), ": ",
      ...f.replacements.flatMap((t, i) => (i ? [" ", quoted(t)] : [quoted(t)]))]);
  }

  // `title`: what heads the description (the list's link, or the rule and position in a tooltip).
  function describe(f, title) {
    const category = `${CATEGORY_AR[f.category] || f.category} · ${f.category}`;
    const severity = `${SEVERITY_AR[f.severity] || f.severity} · ${f.severity}`;
    return h("div", { class: "finding", "data-category": f.category }, [
      h("div", { class: "head" }, [
        ...(title || [
          h("span", { class: "rule", dir: "ltr" }, f.rule + (f.fixable ? " [*]" : "")),
          h("span", { class: "where", dir: "ltr" }, `${f.line}:${f.column}`),
        ]),
        h("span", { class: "muted" }, `${severity} · ${category}`),
      ]),
      h("div", { class: "msg" }, [
        h("p", { class: "ar", lang: "ar", dir: "rtl" }, f.message_ar),
        h("p", { class: "en", lang: "en", dir: "ltr" }, f.message),
      ]),
      fixLine(f),
    ]);
  }

  // -- the tooltip: on hover and on keyboard focus --------------------------------------------
  // It describes the finding under the pointer (or focused) and every finding around it.
  function findingsAround(mark) {
    const keys = [];
    for (let node = mark; node; node = node.parentElement && node.parentElement.closest("mark")) {
      if (!keys.includes(node.dataset.finding)) keys.push(node.dataset.finding);
    }
    return keys.map((key) => findingsByKey.get(key)).filter(Boolean);
  }

  function showTip(mark) {
    document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(`mark[data-finding="${mark.dataset.finding}"]`).forEach((m) => m.classList.add("active"));
    tip.replaceChildren(...findingsAround(mark).map((f) => describe(f)));
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(8, box.right - width), document.documentElement.clientWidth - width - 8);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  function hideTip() {
    tip.hidden = true;
    document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
  }

  function listenForTips(container) {
    container.addEventListener("mouseover", (event) => {
      const mark = event.target.closest("mark");
      if (mark) showTip(mark);
    });
    container.addEventListener("mouseout", (event) => {
      if (event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest("mark")) return;
      const focused = document.activeElement;
      if (focused && focused.tagName === "MARK") showTip(focused);
      else hideTip();
    });
    container.addEventListener("focusin", (event) => {
      if (event.target.tagName === "MARK") showTip(event.target);
    });
    container.addEventListener("focusout", hideTip);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideTip();
    });
    // A link of the list moves the keyboard focus to its mark too, which shows its tooltip.
    container.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#m-']");
      const mark = link && document.getElementById(link.getAttribute("href").slice(1));
      if (mark) setTimeout(() => mark.focus(), 0);
    });
  }

  // -- one file, the whole report ---------------------------------------------------------------
  function fileTitle(file) {
    if (file.path === "-") return bilingual("النص", "text"); // stdin, or the playground's box
    if (!file.record) return [h("span", { class: "path", dir: "ltr" }, file.path)];
    const r = file.record;
    const where = `record ${r.id !== null ? r.id + ", " : ""}line ${r.line} of ${r.file}, field '${r.field}'`;
    return [h("span", { class: "path", dir: "ltr" }, r.id !== null ? r.id : file.path), " ", h("span", { class: "muted", dir: "ltr" }, `(${where})`)];
  }

  function findingList(file, fileKey) {
    return h("ol", { class: "findings" }, file.findings.map((f, index) => {
      const key = `${fileKey}-${index}`;
      const link = h("a", { href: `#m-${key}`, class: "goto", dir: "ltr" },
        `${f.line}:${f.column} ${f.rule}${f.fixable ? " [*]" : ""}`);
      return h("li", { id: `d-${key}`, "data-category": f.category }, describe(f, [link]));
    }));
  }

  // `counted`: the file's own counts are shown (the page's, at the top, are another file's too).
  function drawFile(file, text, fileIndex, counted) {
    const fileKey = String(fileIndex + 1);
    file.findings.forEach((f, index) => findingsByKey.set(`${fileKey}-${index}`, f));
    const { bySeverity, byCategory } = counter(file.findings);
    const parts = [h("h2", {}, fileTitle(file))];
    if (file.error) parts.push(h("p", { class: "errors", dir: "ltr" }, describeError(file.error)));
    if (text !== null && text !== undefined) {
      if (counted) parts.push(severityCounts(bySeverity), categoryCounts(byCategory));
      const article = h("div", { class: "article", dir: "rtl", lang: "ar" });
      article.append(drawText(text, file.findings, fileKey));
      parts.push(article);
      if (file.findings.length) {
        parts.push(h("h3", {}, bilingual("الملاحظات", "Findings")), findingList(file, fileKey));
      } else {
        parts.push(h("p", { class: "muted" }, bilingual("لا ملاحظات", "No findings")));
      }
    }
    return h("section", { class: "file", id: `file-${fileKey}` }, parts);
  }

  function render(report, texts) {
    findingsByKey.clear();
    hideTip();
    document.getElementById("summary").replaceChildren(...summary(report));
    document.getElementById("report").replaceChildren(
      ...report.files.map((file, index) => drawFile(file, texts[index], index, report.files.length > 1)));
  }

  // -- the playground ---------------------------------------------------------------------------
  function startPlayground(form) {
    const status = document.getElementById("playground-status");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = document.getElementById("playground-text").value;
      const body = { [document.getElementById("playground-format").value]: text };
      const level = document.getElementById("playground-level").value;
      if (level !== "default") body.level = level;
      status.textContent = "…";
      try {
        const response = await fetch(DATA.endpoint, {
          method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
        });
        const answer = await response.json().catch(() => null);
        if (!response.ok) {
          // The service answers {"status", "error": message, "field"?} for any request it refuses.
          const detail = answer && typeof answer.error === "string" ? answer.error : response.statusText;
          const field = answer && answer.field ? ` (${answer.field})` : "";
          status.textContent = `${response.status}: ${detail}${field}`;
          return;
        }
        render(answer, [text]);
        status.textContent = `${answer.summary.findings} finding(s)`;
      } catch (error) {
        status.textContent = String(error);
      }
    });
  }

  listenForTips(document.getElementById("report"));
  render(DATA.report, DATA.texts);
  const form = document.getElementById("playground");
  if (form) startPlayground(form);
  if (location.hash) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView();
  }
  window.copycheckReport = { render };
})();

/* Small helpers shared by the plan and audit pages. Everything is built with DOM methods and
   textContent: data never becomes HTML. */
(function () {
  "use strict";
  var kg = window.kg = window.kg || {};
  kg.el = function (tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) { return; }
      if (k === "text") { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  };
  /* A label object {nl: .., en: ..} or a string, in the page language. */
  kg.pick = function (value, lang) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value !== "object") { return String(value); }
    return value[lang] || value.nl || value.en || value[""] || Object.keys(value).map(function (k) { return value[k]; })[0] || "";
  };
  /* Our own IRIs open on this server; other http(s) IRIs are left as they are; anything else is not a link. */
  kg.href = function (iri, base) {
    if (typeof iri !== "string") { return null; }
    if (base && iri.indexOf(base + "/") === 0) { return iri.substring(base.length); }
    if (/^https?:\/\//.test(iri)) { return iri; }
    return null;
  };
  kg.link = function (iri, label, base) {
    var h = kg.href(iri, base);
    return h ? kg.el("a", { href: h, text: label || iri }) : document.createTextNode(label || iri || "");
  };
  kg.short = function (iri) {
    return typeof iri === "string" ? iri.replace(/\/$/, "").split(/[\/#]/).pop() : "";
  };
  /* A source citation {document, start, end, title, excerpt|text, passage} as a link plus quote. */
  kg.source = function (src, base, lang, withText) {
    if (!src) { return null; }
    var doc = src.document || src.doc || "";
    var lines = Array.isArray(src.lines) ? src.lines : [];
    var start = src.start || src.first || src.startLine || lines[0];
    var end = src.end || src.last || src.endLine || lines[lines.length - 1] || start;
    var label = doc + (start ? ":" + start + (end && end !== start ? "-" + end : "") : "");
    var wrap = kg.el("div", { "class": "source" });
    var passage = src.passage || (doc && start ? base + "/id/passage/" + doc + "-" + start + "-" + end : null);
    wrap.appendChild(passage ? kg.link(passage, label || passage, base) : document.createTextNode(label));
    if (src.title) { wrap.appendChild(document.createTextNode(" — " + kg.pick(src.title, lang))); }
    if (withText && doc && start) {
      wrap.appendChild(document.createTextNode(" · "));
      wrap.appendChild(kg.el("a", { href: "/bron/" + doc + "/" + start + "-" + end + "#regel-" + start, text: "¶" }));
    }
    var text = src.excerpt || src.text || src.quote;
    if (text) { wrap.appendChild(kg.el("blockquote", { text: kg.pick(text, lang) })); }
    return wrap;
  };
})();

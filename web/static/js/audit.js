/* Audit page: GETs /api/audit and shows each finding with the sources side by side; filters by
   finding type and by document. Reads kg.audit's JSON (docs/audit.md):
   {summary, findings: [{type, typeLabel, category, severity, subject, subjectLabel, aspectLabel,
   explanation, documents, crossDocument, sides: [{statement, value, document, passages: [{iri, label,
   document, first, last}]}]}]}, and tolerates near variants (a bare list, `results`, `claims`). */
(function () {
  "use strict";
  var kg = window.kg;
  var form = document.getElementById("audit-filters");
  if (!form || !kg) { return; }
  var d = form.dataset;
  var lang = d.lang || "nl";
  var base = d.base || "";
  var withText = d.sources === "yes";
  var status = document.getElementById("audit-status");
  var out = document.getElementById("audit-findings");
  var typeSelect = document.getElementById("audit-type");
  var docSelect = document.getElementById("audit-document");
  var findings = [];

  function typeOf(f) { return kg.pick(f.typeLabel || f.type || f.kind || f.category || f.check || "", lang); }
  function sidesOf(f) { return f.sides || f.claims || f.sources || f.statements || []; }
  function docOf(side) {
    var s = side.source || side;
    var doc = s.document || s.doc || "";
    if (!doc && typeof s.passage === "string") { doc = (s.passage.match(/passage\/(\d{3})-/) || [])[1] || ""; }
    return doc;
  }
  function docsOf(f) {
    var docs = [];
    sidesOf(f).forEach(function (s) { String(docOf(s)).split(/,\s*/).forEach(function (x) { docs.push(x); }); });
    (f.documents || []).forEach(function (x) { docs.push(String(x)); });
    return docs.filter(function (x) { return x; });
  }
  function fill(select, values) {
    values.sort().forEach(function (v) { select.appendChild(kg.el("option", { value: v, text: v })); });
  }
  function unique(list) { return list.filter(function (v, i) { return v && list.indexOf(v) === i; }); }

  if (d.available === "no") { status.textContent = d.msgUnavailable; status.className = "notice"; return; }
  fetch(d.endpoint + "?lang=" + encodeURIComponent(lang), { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (r.status === 404 || r.status === 405) { status.textContent = d.msgUnavailable; status.className = "notice"; return null; }
      if (!r.ok) { status.textContent = "HTTP " + r.status; status.className = "error"; return null; }
      return r.json();
    })
    .then(function (data) {
      if (!data) { return; }
      findings = Array.isArray(data) ? data : (data.findings || data.results || []);
      fill(typeSelect, unique(findings.map(typeOf)));
      var docs = [];
      findings.forEach(function (f) { docs = docs.concat(docsOf(f)); });
      fill(docSelect, unique(docs));
      render();
    })
    .catch(function (err) { status.textContent = String(err); status.className = "error"; });

  typeSelect.addEventListener("change", render);
  docSelect.addEventListener("change", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });

  function render() {
    out.textContent = "";
    var type = typeSelect.value, doc = docSelect.value;
    var shown = findings.filter(function (f) {
      return (!type || typeOf(f) === type) && (!doc || docsOf(f).indexOf(doc) >= 0);
    });
    status.textContent = shown.length + " " + d.msgCount;
    status.className = "";
    if (!shown.length) { out.appendChild(kg.el("p", { "class": "none", text: d.msgNone })); return; }
    var list = kg.el("ol", { "class": "audit-findings" });
    shown.forEach(function (f) { list.appendChild(finding(f)); });
    out.appendChild(list);
    fillPassages();
  }

  /* The cited lines, fetched in one request for the findings on screen. */
  function fillPassages() {
    var quotes = Array.prototype.slice.call(out.querySelectorAll("blockquote.pending[data-passage]"));
    if (!quotes.length) { return; }
    var keys = quotes.map(function (q) { return q.getAttribute("data-passage"); })
      .filter(function (k, i, all) { return all.indexOf(k) === i; }).slice(0, 300);
    var query = keys.map(function (k) { return "p=" + encodeURIComponent(k); }).join("&");
    fetch("/bron/passages.json?" + query, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (texts) {
        quotes.forEach(function (q) {
          var text = texts[q.getAttribute("data-passage")];
          q.classList.remove("pending");
          if (text) { q.textContent = text; } else { q.parentNode.removeChild(q); }
        });
        out.setAttribute("data-passages", "loaded");
      });
  }

  function finding(f) {
    var li = kg.el("li", { "class": "finding", "data-type": typeOf(f) });
    var subject = f.subject || f.about || null;
    var title = kg.el("h2", {}, [kg.el("span", { "class": "chip", text: typeOf(f) }), " "]);
    if (f.severity) { title.insertBefore(kg.el("span", { "class": "chip severity-" + kg.short(String(f.severity)), text: kg.short(String(f.severity)) }), title.firstChild); }
    if (subject && typeof subject === "object") { title.appendChild(kg.link(subject.iri, kg.pick(subject.label, lang) || kg.short(subject.iri), base)); }
    else if (typeof subject === "string") { title.appendChild(kg.link(subject, f.subjectLabel || kg.short(subject), base)); }
    var aspect = f.aspectLabel || (f.aspect && (f.aspect.label || kg.short(String(f.aspect))));
    if (aspect) { title.appendChild(document.createTextNode(" · " + kg.pick(aspect, lang))); }
    li.appendChild(title);
    var text = f.explanation || f.message || f.description || f.title;
    if (text) { li.appendChild(kg.el("p", { "class": "message", text: kg.pick(text, lang) })); }
    var sides = sidesOf(f);
    var grid = kg.el("div", { "class": "sides" });
    sides.forEach(function (side, i) {
      var col = kg.el("div", { "class": "side" });
      col.appendChild(kg.el("h3", { text: d.msgSide + " " + (docOf(side) || String(i + 1)) }));
      var value = side.valueText || side.value || side.claimedValue;
      if (value !== undefined && value !== null && value !== "") {
        col.appendChild(kg.el("p", { "class": "value" }, [kg.el("strong", { text: kg.pick(value, lang) })]));
      }
      if (side.statement || side.label) {
        col.appendChild(kg.el("p", { "class": "statement", text: kg.pick(side.statement || side.label, lang) }));
      }
      if (side.claim || side.iri) {
        col.appendChild(kg.el("p", {}, [kg.link(side.claim || side.iri, kg.short(side.claim || side.iri), base)]));
      }
      if (Array.isArray(side.passages) && side.passages.length) {
        var ul = kg.el("ul", { "class": "passages" });
        side.passages.forEach(function (p) {
          var item = kg.el("li", {}, [kg.source({ passage: p.iri, document: p.document, start: p.first, end: p.last,
                                                  excerpt: p.excerpt || p.text }, base, lang, withText)]);
          if (withText && !(p.excerpt || p.text) && p.document && p.first) {
            item.appendChild(kg.el("blockquote", { "class": "pending", "data-passage": p.document + "-" + p.first + "-" + (p.last || p.first) }));
          }
          ul.appendChild(item);
        });
        col.appendChild(ul);
      } else {
        col.appendChild(kg.source(side.source || side, base, lang, withText) || document.createTextNode(""));
      }
      grid.appendChild(col);
    });
    li.appendChild(grid);
    return li;
  }
})();

/* SPARQL editor: YASGUI (from npm, vendored by `make web-assets`) on this server's /sparql endpoint,
   with the saved queries as examples, prefix insertion and CSV/JSON download links. */
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || typeof window.Yasgui === "undefined") { return; }
  var endpoint = el.getAttribute("data-endpoint");
  var prefixUrl = el.getAttribute("data-prefixes");
  var DEFAULT_QUERY = [
    "PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/>",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
    "",
    "SELECT ?kader ?label WHERE {",
    "  ?kader a go:PolicyFramework ; skos:prefLabel ?label .",
    "  FILTER(lang(?label) = \"nl\")",
    "}",
    "ORDER BY ?label",
    "LIMIT 50"
  ].join("\n");

  /* YASR's table hands the raw literal (only DOMPurify-cleaned) to DataTables for sorting, searching
     and type detection, and DataTables parses that as HTML; give it escaped plain text instead, so a
     value containing markup stays text everywhere (the displayed cells are escaped by YASR). */
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  var Table = window.Yasgui.Yasr && window.Yasgui.Yasr.plugins && window.Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype && Table.prototype.getColumns && !Table.prototype.kgPatched) {
    var originalColumns = Table.prototype.getColumns;
    Table.prototype.getColumns = function () {
      return originalColumns.call(this).map(function (column, i) {
        if (i === 0 || typeof column.render !== "function") { return column; }
        var render = column.render;
        column.render = function (data, type, row, meta) {
          if (data === "" || type === "display") { return render(data, type, row, meta); }
          return data && typeof data === "object" ? escapeHtml(data.value) : data;
        };
        return column;
      });
    };
    Table.prototype.kgPatched = true;
  }

  var yasgui = new window.Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "kg-yasgui",
    yasqe: { value: DEFAULT_QUERY, prefixCcApi: prefixUrl, autocompleters: ["prefixes", "variables"] },
    yasr: { prefixes: {} }
  });

  function tab() { return yasgui.getTab(); }
  function yasqe() { var t = tab(); return t ? t.getYasqe() : null; }

  function updateDownloads() {
    var t = tab();
    if (!t) { return; }
    var q = t.getQuery();
    var base = endpoint + (endpoint.indexOf("?") >= 0 ? "&" : "?") + "query=" + encodeURIComponent(q);
    var csv = document.getElementById("download-csv");
    var json = document.getElementById("download-json");
    if (csv) { csv.href = base + "&format=csv"; }
    if (json) { json.href = base + "&format=json"; }
  }

  yasgui.on("query", updateDownloads);
  yasgui.on("tabSelect", function () { setTimeout(updateDownloads, 0); });
  yasgui.on("queryResponse", function () {
    updateDownloads();
    document.body.setAttribute("data-query-done", String(Date.now()));
  });
  updateDownloads();
  var q = yasqe();
  if (q) { q.on("change", updateDownloads); }
  yasgui.on("tabAdd", function () {
    setTimeout(function () { var y = yasqe(); if (y) { y.on("change", updateDownloads); } updateDownloads(); }, 0);
  });

  var select = document.getElementById("example-select");
  if (select) {
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      var text = opt && opt.getAttribute("data-query");
      if (!text) { return; }
      var y = yasqe();
      if (y) { y.setValue(text); y.focus(); }
      updateDownloads();
    });
  }

  var button = document.getElementById("insert-prefixes");
  if (button) {
    button.addEventListener("click", function () {
      fetch(prefixUrl, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (prefixes) {
          var y = yasqe();
          if (y) { y.addPrefixes(prefixes); updateDownloads(); }
        });
    });
  }
  /* Accessible names for YASGUI's own controls (it shows labels but does not tie them to the fields). */
  function labelControls() {
    Array.prototype.forEach.call(el.querySelectorAll("input, select, textarea"), function (c) {
      if ((c.labels && c.labels.length) || c.getAttribute("aria-label") || c.type === "hidden") { return; }
      var name = null;
      if (c.closest(".CodeMirror")) { name = "SPARQL-query"; }
      else if (c.classList.contains("autocomplete")) { name = "SPARQL endpoint"; }
      else {
        var prev = c.previousElementSibling;
        var group = c.closest(".requestConfigWrapper");
        var groupLabel = group && group.querySelector(":scope > label");
        if (prev && prev.tagName === "LABEL") { name = (groupLabel ? groupLabel.textContent + ": " : "") + prev.textContent; }
        else if (c.placeholder) { name = c.placeholder; }
        else if (groupLabel) { name = groupLabel.textContent; }
      }
      if (name) { c.setAttribute("aria-label", name.trim()); }
    });
  }
  /* IRIs of this graph in the results open on this server (works offline), not on w3id.org. */
  var base = el.getAttribute("data-base") || "";
  function localLinks() {
    if (!base) { return; }
    Array.prototype.forEach.call(el.querySelectorAll("a.iri"), function (a) {
      var href = a.getAttribute("href") || "";
      if (href.indexOf(base + "/") !== 0) { return; }
      var path = href.substring(base.length);
      a.setAttribute("href", path.indexOf("/id/") === 0 ? "/doc/" + path.substring(4) : path);
      a.removeAttribute("target");
    });
  }
  labelControls();
  if (window.MutationObserver) {
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      setTimeout(function () { pending = false; labelControls(); localLinks(); }, 50);
    }).observe(el, { childList: true, subtree: true });
  }
  window.kgYasgui = yasgui;  // for tests and the console
})();

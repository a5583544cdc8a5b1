/* Sortable tables: every <table class="sortable"> (and result tables) gets header buttons that sort
   its rows; numbers sort as numbers. Keyboard reachable (buttons), state in aria-sort. */
(function () {
  "use strict";
  function cellValue(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }
  function compare(a, b) {
    var x = parseFloat(a.replace(",", ".")), y = parseFloat(b.replace(",", "."));
    if (!isNaN(x) && !isNaN(y) && /^-?[\d.,]+$/.test(a) && /^-?[\d.,]+$/.test(b)) { return x - y; }
    return a.localeCompare(b, document.documentElement.lang || "nl", { sensitivity: "base" });
  }
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) { return; }
    var ths = head.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) { var c = compare(cellValue(a, i), cellValue(b, i)); return asc ? c : -c; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable, table.results"), makeSortable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

/* The koppelkansen network picture (vis-network from npm, vendored by `make web-assets`).
   Data: /netwerk/data.json (kg.network). Double-click a node to open its page. */
(function () {
  "use strict";
  var el = document.getElementById("network");
  if (!el || typeof window.vis === "undefined") { return; }
  var COLORS = {
    PolicyFramework: "#154273", Theme: "#39870c", Target: "#e17000", Instrument: "#8fcae7",
    AreaType: "#a90061", Actor: "#ffb612", Area: "#673327", NovexArea: "#673327", Other: "#999999"
  };
  fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var nodes = new window.vis.DataSet(data.nodes.map(function (n) {
        var c = COLORS[n.group] || COLORS.Other;
        return {
          id: n.id, label: n.label, title: n.title, value: n.value, url: n.url, shape: "dot",
          color: { background: c, border: n.onPath ? "#d52b1e" : c, highlight: { background: c, border: "#000" } },
          borderWidth: n.onPath ? 5 : 1, font: { size: n.onPath ? 18 : 13, bold: n.onPath }
        };
      }));
      var edges = new window.vis.DataSet(data.edges.map(function (e, i) {
        return {
          id: i, from: e.from, to: e.to, value: e.value, title: e.title,
          color: e.onPath ? { color: "#d52b1e", opacity: 1 } : { color: "#9aa7b4", opacity: 0.5 }
        };
      }));
      var network = new window.vis.Network(el, { nodes: nodes, edges: edges }, {
        nodes: { scaling: { min: 6, max: 40, label: { enabled: true, min: 11, max: 22 } } },
        edges: { scaling: { min: 1, max: 8 }, smooth: false },
        physics: { solver: "forceAtlas2Based", stabilization: { iterations: 250 } },
        interaction: { hover: true, keyboard: { enabled: true, bindToWindow: false }, navigationButtons: true,
                       tooltipDelay: 150 }
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        el.setAttribute("data-ready", "true");
      });
      network.on("doubleClick", function (params) {
        if (params.nodes.length) {
          var node = nodes.get(params.nodes[0]);
          if (node && typeof node.url === "string" && /^(\/(?!\/)|https?:\/\/)/.test(node.url)) { window.location.href = node.url; }
        }
      });
      el.setAttribute("data-nodes", String(data.nodes.length));
    })
    .catch(function (err) {
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = String(err);
      el.appendChild(p);
    });
})();

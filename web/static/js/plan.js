/* Plan validator page: sends the plan (file or text) to /api/validate and shows the JSON report
   grouped by severity. (kg.validate / /api/validate are built separately; until they exist the
   page says so.) */
(function () {
  "use strict";
  var kg = window.kg;
  var form = document.getElementById("plan-form");
  if (!form || !kg) { return; }
  var d = form.dataset;
  var lang = d.lang || "nl";
  var base = d.base || "";
  var status = document.getElementById("plan-status");
  var out = document.getElementById("plan-report");
  var text = document.getElementById("plan-text");
  var file = document.getElementById("plan-file");
  var format = document.getElementById("plan-format");
  var example = document.getElementById("plan-example");

  function say(message, cls) {
    status.textContent = message;
    status.className = cls || "";
  }
  function guessType(body, name) {
    var f = format.value;
    if (!f) {
      if (/\.ttl$/i.test(name || "")) { f = "turtle"; }
      else if (/\.jsonld$/i.test(name || "")) { f = "jsonld"; }
      else if (/^\s*[\[{]/.test(body)) { f = body.indexOf("@context") >= 0 ? "jsonld" : "json"; }
      else { f = "turtle"; }
    }
    return { turtle: "text/turtle", jsonld: "application/ld+json", json: "application/json" }[f];
  }

  if (example) {
    example.addEventListener("change", function () {
      if (!example.value) { return; }
      fetch(example.value).then(function (r) { return r.text(); }).then(function (body) {
        text.value = body;
        file.value = "";
        var name = example.options[example.selectedIndex].text;
        format.value = /\.ttl$/.test(name) ? "turtle" : (/\.jsonld$/.test(name) ? "jsonld" : "json");
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    out.textContent = "";
    var chosen = file.files && file.files[0];
    var read = chosen ? chosen.text() : Promise.resolve(text.value);
    read.then(function (body) {
      if (!body.trim()) { say(d.msgEmpty, "error"); return null; }
      if (d.available === "no") { say(d.msgUnavailable, "notice"); return null; }
      say(d.msgBusy, "busy");
      return fetch(d.endpoint + "?lang=" + encodeURIComponent(lang), {
        method: "POST",
        headers: { "Content-Type": guessType(body, chosen && chosen.name), Accept: "application/json" },
        body: body
      }).then(function (r) {
        if (r.status === 404 || r.status === 405) { say(d.msgUnavailable, "notice"); return null; }
        return r.json().then(function (json) {
          if (!r.ok) { showError(json); return null; }
          render(json);
          return json;
        }, function () { say(d.msgError + " (HTTP " + r.status + ")", "error"); });
      });
    }).catch(function (err) { say(d.msgError + ": " + err, "error"); });
  });

  function showError(json) {
    say(d.msgError + ": " + (json.error || ""), "error");
    if (json.details && json.details.length) {
      out.appendChild(kg.el("ul", { "class": "error-details" }, json.details.map(function (x) { return kg.el("li", { text: String(x) }); })));
    }
  }

  function render(report) {
    var results = report.results || report.findings || [];
    var conforms = report.conforms !== undefined ? report.conforms :
      !results.some(function (f) { return f.severity === "Violation" || f.severity === "Warning"; });
    say(conforms ? d.msgConforms : d.msgGaps, conforms ? "ok" : "gaps");
    out.setAttribute("data-conforms", String(conforms));
    if (report.contexts) {
      var ctx = [];
      Object.keys(report.contexts).forEach(function (p) { ctx = ctx.concat(report.contexts[p]); });
      if (ctx.length) { out.appendChild(kg.el("p", { "class": "contexts", text: d.msgContext + ": " + ctx.join(", ") })); }
    }
    var order = [["Violation", d.sevViolation], ["Warning", d.sevWarning], ["Info", d.sevInfo]];
    var known = order.map(function (o) { return o[0]; });
    results.forEach(function (f) { if (known.indexOf(f.severity) < 0) { known.push(f.severity); order.push([f.severity, f.severity]); } });
    order.forEach(function (o) {
      var items = results.filter(function (f) { return (f.severity || "Violation") === o[0]; });
      var section = kg.el("section", { "class": "severity severity-" + String(o[0]).toLowerCase(), "data-severity": o[0] });
      section.appendChild(kg.el("h2", { text: o[1] + " (" + items.length + ")" }));
      var list = kg.el("ol", { "class": "findings" });
      items.forEach(function (f) { list.appendChild(finding(f)); });
      if (items.length) { section.appendChild(list); }
      out.appendChild(section);
    });
  }

  /* A value as the report writes it (N-Triples style: "30"^^<xsd:integer>, "tekst"@nl, <iri>) made readable. */
  function showValue(v) {
    var lit = v.match(/^"([\s\S]*)"(?:\^\^<[^>]*>|@[A-Za-z-]+)?$/);
    if (lit) { return document.createTextNode(lit[1].replace(/\\"/g, '"')); }
    var iri = v.match(/^<([^>]*)>$/);
    if (iri) { return kg.link(iri[1], kg.short(iri[1]), base); }
    return document.createTextNode(v);
  }

  function finding(f) {
    var li = kg.el("li", { "class": "finding", "data-code": f.code || "" });
    li.appendChild(kg.el("h3", {}, [kg.el("code", { text: f.code || "" }), " ", kg.pick(f.rule || f.name, lang)]));
    li.appendChild(kg.el("p", { "class": "message", text: kg.pick(f.message, lang) }));
    var dl = kg.el("dl", {});
    if (f.value !== null && f.value !== undefined && String(f.value).indexOf("_:") !== 0) {
      dl.appendChild(kg.el("dt", { text: d.msgValue })); dl.appendChild(kg.el("dd", {}, [showValue(String(f.value))]));
    }
    if (f.framework) {
      dl.appendChild(kg.el("dt", { text: d.msgFramework }));
      dl.appendChild(kg.el("dd", {}, [kg.link(f.framework.iri, kg.pick(f.framework.label, lang), base)]));
    }
    if (f.source) {
      dl.appendChild(kg.el("dt", { text: d.msgSource }));
      dl.appendChild(kg.el("dd", {}, [kg.source(f.source, base, lang, true)]));
    }
    if (f.remedies && f.remedies.length) {
      dl.appendChild(kg.el("dt", { text: d.msgRemedies }));
      dl.appendChild(kg.el("dd", {}, [kg.el("ul", {}, f.remedies.map(function (r) {
        return kg.el("li", {}, [kg.link(r.iri, kg.pick(r.label, lang) || kg.short(r.iri), base), r.kind ? " (" + r.kind + ")" : ""]);
      }))]));
    }
    li.appendChild(dl);
    return li;
  }
})();

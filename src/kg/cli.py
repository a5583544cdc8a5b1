"""The `kg` command line: build, stats, query, export, serve (and more as the project grows).

Errors a user can fix are printed as one line (plus details) and exit with status 2; nothing here
prints a traceback for them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import config
from .errors import KGError


class KGGroup(click.Group):
    """Turns KGError into a clear message instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as e:
            click.secho(f"error: {e}", fg="red", err=True)
            for line in e.details:
                click.echo(f"  {line}", err=True)
            ctx.exit(2)


store_option = click.option(
    "--store", "store_path", default=str(config.STORE_DIR), show_default=True, envvar="KG_STORE",
    help="Store: a directory (embedded pyoxigraph store) or the URL of an external SPARQL query endpoint.")


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-gebiedsontwikkeling")
def main():
    """Knowledge graph for Dutch area development: build it, query it, serve it."""


@main.command()
@store_option
@click.option("--memory", is_flag=True, help="Build in memory only (checks the sources, writes nothing).")
@click.option("--base", default=config.BASE, show_default=True, help="Base IRI for {base}/id/ and {base}/def/.")
@click.option("--no-reason", is_flag=True, help="Skip the OWL consistency check (HermiT).")
@click.option("--update-url", help="External store: SPARQL Update endpoint (guessed for Oxigraph and Fuseki).")
@click.option("--gsp-url", help="External store: Graph Store Protocol endpoint (guessed for Oxigraph and Fuseki).")
def build(store_path: str, memory: bool, base: str, no_reason: bool, update_url, gsp_url):
    """Build the graph from ontology/, data/ and shapes/ into the store."""
    from . import build as builder
    from .remote import Endpoints, RemoteStore, is_url

    target = None if memory else (RemoteStore(Endpoints.guess(store_path, update_url, gsp_url))
                                  if is_url(store_path) else Path(store_path))
    _, result = builder.build(target, base=base.rstrip("/"), reason=not no_reason,
                              progress=lambda m: click.echo(f"... {m}", err=True))
    for w in result.warnings:
        click.secho(f"warning: {w}", fg="yellow", err=True)
    click.echo(f"built {result.quads} quads from {result.files} files in {result.seconds:.1f} s"
               + ("" if memory else f" -> {store_path}"))
    _print_counts(sorted(result.class_counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _print_counts(pairs):
    width = max((len(k) for k, _ in pairs), default=10)
    for name, count in pairs:
        click.echo(f"  {name:<{width}}  {count:>6}")


@main.command()
@store_option
def stats(store_path: str):
    """Print the number of individuals per class and the number of triples."""
    from . import queries, sparql, store

    db = store.open_store(store_path)
    result = sparql.run(db, queries.get("class-counts").text)
    total = sparql.run(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows()[0]["n"]
    graphs = sparql.run(db, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows()[0]["n"]
    click.echo(f"triples: {total} in the default graph, {graphs} in named graphs")
    _print_counts([(r["class"].rsplit("/", 1)[-1], int(r["count"])) for r in result.rows()])


@main.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld", "rdfxml"]),
              help="Output format; json is SPARQL 1.1 JSON results.")
@click.option("--param", "-p", multiple=True, metavar="NAME=VALUE", help="Parameter of a saved query.")
@click.option("--limit", default=10_000, show_default=True, help="Maximum number of result rows.")
def query(query: str, store_path: str, fmt: str, param: tuple[str, ...], limit: int):
    """Run QUERY: a SPARQL string, a .rq file, or the name of a saved query in queries/."""
    from . import queries, sparql, store

    text, bindings = query, {}
    values = dict(_split_param(p) for p in param)
    if query.endswith(".rq") and Path(query).is_file():
        saved = queries.parse(Path(query), Path(query).parent)
        text, bindings = saved.text, saved.bind(values)
    elif queries.NAME_RE.match(query) and (config.QUERIES_DIR / f"{query}.rq").is_file():
        saved = queries.get(query)
        text, bindings = saved.text, saved.bind(values)
    elif values:
        raise KGError("--param only applies to saved queries (.rq files or names in queries/)")
    result = sparql.run(store.open_store(store_path), text, substitutions=bindings, row_limit=limit)
    if fmt == "table":
        _print_table(result)
    else:
        if result.kind == "graph" and fmt in ("json", "csv", "tsv", "xml"):
            fmt = "turtle" if fmt != "json" else "jsonld"
        sys.stdout.buffer.write(result.serialize(fmt))
        sys.stdout.flush()
    if result.truncated:
        click.secho(f"warning: result cut off at {limit} rows", fg="yellow", err=True)


def _split_param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise KGError(f"--param {text!r}: expected NAME=VALUE")
    name, value = text.split("=", 1)
    return name.strip(), value.strip()


def _print_table(result) -> None:
    if result.kind == "ask":
        click.echo("true" if result.json_doc["boolean"] else "false")
        return
    if result.kind == "graph":
        sys.stdout.buffer.write(result.serialize("turtle"))
        return
    rows, cols = result.rows(), result.variables
    widths = {c: min(60, max([len(c)] + [len(r.get(c, "")) for r in rows])) for c in cols}
    click.echo("  ".join(c.ljust(widths[c]) for c in cols))
    click.echo("  ".join("-" * widths[c] for c in cols))
    for r in rows:
        click.echo("  ".join(_cut(r.get(c, ""), widths[c]).ljust(widths[c]) for c in cols))
    click.echo(f"({len(rows)} rows)")


def _cut(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
@store_option
@click.option("--actor", help="Actor: IRI, short form actor/gemeente, or slug gemeente.")
@click.option("--area-type", help="Area type: IRI or slug, e.g. laagveen.")
@click.option("--theme", help="Theme: IRI or slug, e.g. wonen.")
@click.option("--framework", help="Framework: IRI or slug, e.g. nhv.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json", "csv"]))
def instruments(store_path: str, actor, area_type, theme, framework, fmt: str):
    """Which frameworks, instruments, targets and koppelkansen apply? (same answer as /api/instruments)"""
    import json

    from . import queries, sparql, store

    values = {k: v for k, v in {"actor": _short(actor, "actor"), "area_type": _short(area_type, "begrip/gebiedstype"),
                                "theme": _short(theme, "begrip/thema"), "framework": _short(framework, "kader")}.items() if v}
    saved = queries.get("instruments")
    result = sparql.run(store.open_store(store_path), saved.text, substitutions=saved.bind(values))
    if fmt == "json":
        click.echo(json.dumps({"query": "instruments", "columns": result.variables, "count": len(result.bindings),
                               "truncated": result.truncated, "rows": result.rows()}, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.buffer.write(result.serialize("csv"))
    else:
        _print_table(result)


def _short(value: str | None, kind: str) -> str | None:
    """Accept a full IRI, a short form like actor/gemeente, or a bare slug like gemeente."""
    if not value or "/" in value or ":" in value:
        return value
    return f"{kind}/{value}"


@main.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=False))
@store_option
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json", "turtle", "html"]))
@click.option("--lang", default="nl", show_default=True, type=click.Choice(["nl", "en"]))
@click.option("--engine", default="shacl", show_default=True, type=click.Choice(["shacl", "pyshacl"]),
              help="shacl (the Rust SHACL engine, fast) or pySHACL (the reference; same findings).")
@click.option("--save", is_flag=True, help="Also store each plan and its report in named graphs of the store.")
def validate(plans, store_path: str, fmt: str, lang: str, engine: str, save: bool):
    """Validate area plans (Turtle, JSON-LD or plain JSON). Exit 0: conforms, 1: gaps, 2: unreadable."""
    from . import planstore, plans as reader, store, validate as validator

    knowledge = store.open_local(Path(store_path), read_only=not save)
    worst = 0
    for plan in plans:
        if not Path(plan).is_file():
            raise KGError(f"{plan}: no such file")
        parsed = reader.parse_file(plan, knowledge=knowledge)
        report = validator.validate(parsed, knowledge, engine=engine)
        if save:
            planstore.replace(knowledge, planstore.quads(parsed, report))
            click.echo(f"stored {parsed.plans[0].value} and its report", err=True)
        if len(plans) > 1 and fmt == "text":
            click.echo(f"== {plan}")
        click.echo(validator.render(report, fmt, lang), nl=False)
        worst = max(worst, report.exit_code)
    sys.exit(worst)


@main.command()
@store_option
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "csv", "turtle", "html"]))
@click.option("--type", "types", multiple=True, help="Finding type, category (inconsistentie, hiaat) or check name.")
@click.option("--document", "documents", multiple=True, help="Only findings with a side in this source (000-004).")
@click.option("--severity", "severities", multiple=True, type=click.Choice(["hoog", "middel", "laag"]))
@click.option("--add", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A new source's Turtle file to audit against the graph (not stored).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
def audit(store_path: str, fmt: str, types, documents, severities, extra, output: Path | None):
    """Consistency audit: the same thing stated differently by the sources, and policy gaps."""
    from . import audit as auditor, store

    db = store.open_store(store_path)
    if extra:
        db = auditor.with_extra(db, list(extra))
    findings = auditor.run(db, types=list(types) or None, documents=list(documents) or None,
                           severities=list(severities) or None)
    text = auditor.serialize(findings, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(findings)} findings written to {output}", err=True)
    else:
        click.echo(text)


@main.command()
@store_option
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "nquads", "trig", "jsonld", "ntriples"]))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
def export(store_path: str, fmt: str, output: Path | None):
    """Dump the graph. N-Quads and N-Triples output is sorted, so equal graphs give equal bytes."""
    from . import export as exporter, store

    data = exporter.dump(store.open_store(store_path), fmt)
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--threads", default=8, show_default=True, help="Worker threads of the WSGI server.")
@click.option("--timeout", default=10.0, show_default=True, envvar="KG_QUERY_TIMEOUT",
              help="Time limit per public SPARQL query, in seconds.")
@click.option("--cache-mib", default=64, show_default=True, envvar="KG_CACHE_MIB",
              help="Memory for answers kept per store version (0 = no cache).")
def serve(store_path: str, host: str, port: int, threads: int, timeout: float, cache_mib: int):
    """Serve the SPARQL endpoint, API and browser with waitress (a production WSGI server)."""
    import waitress

    from .web.app import create_app

    app = create_app(store_path, query_timeout=timeout, cache_bytes=cache_mib * 1024 * 1024)
    click.echo(f"serving {store_path} on http://{host}:{port}/  (Ctrl-C stops)", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="kg")


if __name__ == "__main__":
    main()

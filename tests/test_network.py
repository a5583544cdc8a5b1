"""kg.network: the koppelkansen network and its analytics (networkx), on a small hand-made graph and
on the real built graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import network
from kg.network import Network

B = "https://w3id.org/gebiedsontwikkeling"
GO = f"{B}/def/"


def rows(*kks):
    """(koppelkans, [(node, label, class)]) -> the rows queries/web/koppelkansen.rq gives."""
    out = []
    for kk, nodes in kks:
        for node, label, cls in nodes:
            out.append({"kk": f"{B}/id/koppelkans/{kk}", "kkLabel": f"kk {kk}", "kkType": f"{B}/id/begrip/koppelkanssoort/synergie",
                        "kkTypeLabel": "synergie", "node": node, "nodeLabel": label, "nodeLabelEn": label + " (en)",
                        "nodeClass": GO + cls})
    return out


KRW = (f"{B}/id/kader/krw", "Kaderrichtlijn Water", "PolicyFramework")
WATER = (f"{B}/id/begrip/thema/water", "water", "Theme")
GROEN = (f"{B}/id/begrip/thema/groen", "groen", "Theme")
WONEN = (f"{B}/id/begrip/thema/wonen", "wonen", "Theme")
BKN = (f"{B}/id/kader/bkn", "Basiskwaliteit Natuur", "PolicyFramework")
LOS = (f"{B}/id/kader/los", "Los kader", "PolicyFramework")
EILAND = (f"{B}/id/kader/eiland", "Eiland", "PolicyFramework")


@pytest.fixture
def small() -> Network:
    return Network.from_rows(rows(
        ("1", [KRW, WATER]),
        ("2", [KRW, BKN, WATER]),           # three things: a triangle
        ("3", [WATER, GROEN]),
        ("4", [GROEN, WONEN]),
        ("5", [GROEN, WONEN]),              # two koppelkansen on one edge: weight 2
        ("6", [LOS, EILAND]),               # a separate component
        ("7", [KRW]),                       # connects only one thing: a node, no edge
    ))


def test_graph_from_koppelkansen(small):
    g = small.graph
    assert set(g.nodes) == {n[0] for n in (KRW, WATER, GROEN, WONEN, BKN, LOS, EILAND)}
    assert g.number_of_edges() == 6       # krw-water, krw-bkn, bkn-water, water-groen, groen-wonen, los-eiland
    assert g[GROEN[0]][WONEN[0]]["weight"] == 2
    assert sorted(g[GROEN[0]][WONEN[0]]["koppelkansen"]) == [f"{B}/id/koppelkans/4", f"{B}/id/koppelkans/5"]
    assert g.nodes[KRW[0]]["kind"] == "PolicyFramework" and g.nodes[KRW[0]]["koppelkansen"] == 3
    assert small.label(KRW[0], "en") == "Kaderrichtlijn Water (en)"


def test_centrality(small):
    table = small.centrality()
    by_node = {r["node"]: r for r in table}
    assert by_node[WATER[0]]["degree"] == 3 and table[0]["node"] == WATER[0]    # the hub
    # water and groen lie on every path between {krw, bkn} and {wonen}
    assert by_node[WATER[0]]["betweenness"] > by_node[KRW[0]]["betweenness"] == 0
    assert by_node[GROEN[0]]["betweenness"] > 0
    assert [r["node"] for r in small.centrality(by="betweenness", limit=2)] == [WATER[0], GROEN[0]]
    assert all(0 <= r["degree_centrality"] <= 1 for r in table)


def test_communities(small):
    communities = small.communities()
    assert sorted(n for c in communities for n in c) == sorted(small.graph.nodes)   # a partition
    where = small.community_of()
    assert where[LOS[0]] == where[EILAND[0]] != where[KRW[0]]
    assert where[KRW[0]] == where[BKN[0]]
    assert [len(c) for c in communities] == sorted((len(c) for c in communities), reverse=True)
    assert small.communities() == Network.from_rows(rows(("6", [LOS, EILAND]), ("1", [KRW, WATER]),
        ("2", [KRW, BKN, WATER]), ("3", [WATER, GROEN]), ("4", [GROEN, WONEN]), ("5", [GROEN, WONEN]),
        ("7", [KRW]))).communities()                                                   # deterministic


def test_shortest_connection(small):
    steps = small.shortest_connection(KRW[0], WONEN[0])
    assert [s["from"] for s in steps] + [steps[-1]["to"]] == [KRW[0], WATER[0], GROEN[0], WONEN[0]]
    assert [k["label"] for k in steps[0]["koppelkansen"]] == ["kk 1", "kk 2"]
    assert {k["iri"] for k in steps[-1]["koppelkansen"]} == {f"{B}/id/koppelkans/4", f"{B}/id/koppelkans/5"}
    assert small.shortest_connection(KRW[0], KRW[0]) == []
    assert small.shortest_connection(KRW[0], LOS[0]) is None           # no path
    assert small.shortest_connection(KRW[0], f"{B}/id/kader/onbekend") is None


def test_find(small):
    assert small.find("krw") == KRW[0]                       # slug
    assert small.find("Kaderrichtlijn water") == KRW[0]      # label, case-insensitive
    assert small.find("wonen (en)") == WONEN[0]              # English label
    assert small.find("Basis") == BKN[0]                     # prefix
    assert small.find(WATER[0]) == WATER[0]                  # IRI
    assert small.find("niets") is None


def test_vis_data_marks_the_path(small):
    path = [KRW[0], WATER[0], GROEN[0]]
    nodes = small.subgraph_nodes("path", path=path)
    assert set(path) <= set(nodes)
    data = small.to_vis(nodes, "nl", path, local=lambda iri: iri.replace(B, ""))
    on_path = {n["id"] for n in data["nodes"] if n["onPath"]}
    assert on_path == set(path)
    assert {(e["from"], e["to"]) for e in data["edges"] if e["onPath"]} in (
        {(KRW[0], WATER[0]), (GROEN[0], WATER[0])}, {(KRW[0], WATER[0]), (WATER[0], GROEN[0])})
    assert next(n for n in data["nodes"] if n["id"] == KRW[0])["url"] == "/id/kader/krw"
    assert len(small.subgraph_nodes("top", limit=3)) == 3
    assert small.subgraph_nodes("community", community=0) == small.communities()[0]


def test_from_store_uses_the_saved_query():
    store = ox.Store()
    store.load(f"""
        @prefix go: <{GO}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{B}/id/koppelkans/a> a go:Koppelkans ; skos:prefLabel "A"@nl ; go:connects <{KRW[0]}> , <{WATER[0]}> .
        <{B}/id/koppelkans/b> a go:Koppelkans ; skos:prefLabel "B"@nl ; go:connects <{WATER[0]}> , <{WONEN[0]}> .
        <{KRW[0]}> a go:PolicyFramework ; skos:prefLabel "Kaderrichtlijn Water"@nl , "Water Framework Directive"@en .
        <{WATER[0]}> a go:Theme ; skos:prefLabel "water"@nl .
    """.encode(), format=ox.RdfFormat.TURTLE)
    net = Network.from_store(store)
    assert net.graph.number_of_nodes() == 3 and net.graph.number_of_edges() == 2
    assert net.label(KRW[0], "en") == "Water Framework Directive"
    assert net.graph.nodes[WONEN[0]]["label"] == "wonen"               # no label: the slug
    assert net.graph.nodes[WONEN[0]]["kind"] == "Other"
    steps = net.shortest_connection(KRW[0], WONEN[0])
    assert [s["koppelkansen"][0]["label"] for s in steps] == ["A", "B"]


def test_real_graph(built_store):
    """On the real graph: KRW reaches housing through koppelkansen, and the analytics are sane."""
    store = ox.Store.read_only(str(built_store))
    net = Network.from_store(store)
    assert net.graph.number_of_nodes() > 50 and len(net.koppelkansen) > 100
    krw, wonen = f"{B}/id/kader/krw", f"{B}/id/begrip/thema/wonen"
    steps = net.shortest_connection(krw, wonen)
    assert steps and steps[0]["from"] == krw and steps[-1]["to"] == wonen
    assert all(s["koppelkansen"] for s in steps)
    top = net.centrality(limit=10)
    assert top[0]["degree"] >= top[-1]["degree"]
    assert len(net.communities()) >= 2
    assert network.local(krw) == "krw"

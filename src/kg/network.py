"""The koppelkansen network: which frameworks, targets, themes, instruments, area types and actors are
linked through koppelkansen, analysed with networkx.

Every go:Koppelkans connects (go:connects) two or more things. The network has those things as nodes
and an edge between two of them when at least one koppelkans connects both; the edge keeps the
koppelkansen (IRI, label, type) and its weight is their number. On this graph:

- degree and betweenness centrality (which things hold the network together),
- communities (greedy modularity; deterministic),
- the shortest connection between two nodes, with the koppelkansen of every step
  ("how does KRW connect to woningbouw?").

The rows come from the saved query queries/web/koppelkansen.rq.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from . import queries, sparql

GO = "/def/"


@dataclass
class Network:
    graph: nx.Graph
    koppelkansen: dict[str, dict] = field(default_factory=dict)   # kk IRI -> {label, type, typeLabel, nodes}
    _communities: list[list[str]] | None = None
    _betweenness: dict[str, float] | None = None

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: list[dict]) -> "Network":
        """Rows with kk, kkLabel, kkType, kkTypeLabel, node, nodeLabel, nodeLabelEn, nodeClass."""
        g = nx.Graph()
        kks: dict[str, dict] = {}
        for r in rows:
            kk, node = r["kk"], r["node"]
            info = kks.setdefault(kk, {"iri": kk, "label": r.get("kkLabel") or local(kk),
                                       "type": r.get("kkType"), "typeLabel": r.get("kkTypeLabel") or "",
                                       "nodes": []})
            if node not in info["nodes"]:
                info["nodes"].append(node)
            if node not in g:
                g.add_node(node, label=r.get("nodeLabel") or r.get("nodeLabelEn") or local(node),
                           label_en=r.get("nodeLabelEn") or r.get("nodeLabel") or local(node),
                           kind=class_name(r.get("nodeClass")), koppelkansen=0)
            g.nodes[node]["koppelkansen"] += 1
        for kk, info in kks.items():
            for a, b in combinations(sorted(info["nodes"]), 2):
                if g.has_edge(a, b):
                    g[a][b]["koppelkansen"].append(kk)
                    g[a][b]["weight"] += 1
                else:
                    g.add_edge(a, b, koppelkansen=[kk], weight=1)
        return cls(graph=g, koppelkansen=kks)

    @classmethod
    def from_store(cls, store) -> "Network":
        rows = sparql.run(store, queries.get("web/koppelkansen").text).rows()
        return cls.from_rows(rows)

    # -- analytics ------------------------------------------------------------------------------
    def label(self, node: str, lang: str = "nl") -> str:
        data = self.graph.nodes[node]
        return data["label_en"] if lang == "en" else data["label"]

    @property
    def betweenness(self) -> dict[str, float]:
        if self._betweenness is None:
            self._betweenness = nx.betweenness_centrality(self.graph, normalized=True)
        return self._betweenness

    def centrality(self, limit: int | None = None, by: str = "degree") -> list[dict]:
        """Nodes with degree (number of distinct neighbours), normalised degree centrality,
        betweenness centrality and their number of koppelkansen; sorted by `by` (degree|betweenness)."""
        g = self.graph
        dc = nx.degree_centrality(g) if len(g) > 1 else {n: 0.0 for n in g}
        bc = self.betweenness
        out = [{"node": n, "label": g.nodes[n]["label"], "label_en": g.nodes[n]["label_en"], "kind": g.nodes[n]["kind"],
                "degree": g.degree(n), "degree_centrality": dc[n], "betweenness": bc.get(n, 0.0),
                "koppelkansen": g.nodes[n]["koppelkansen"]} for n in g]
        key = (lambda r: (-r["betweenness"], -r["degree"], r["label"])) if by == "betweenness" else \
              (lambda r: (-r["degree"], -r["betweenness"], r["label"]))
        out.sort(key=key)
        return out[:limit] if limit else out

    def communities(self) -> list[list[str]]:
        """Communities by greedy modularity maximisation (deterministic), largest first; isolated
        nodes form their own community. Members are sorted by degree."""
        if self._communities is None:
            g = self.graph
            if g.number_of_edges() == 0:
                found = [{n} for n in g]
            else:
                found = nx.community.greedy_modularity_communities(g, weight="weight")
            ordered = [sorted(c, key=lambda n: (-g.degree(n), g.nodes[n]["label"])) for c in found]
            ordered.sort(key=lambda c: (-len(c), g.nodes[c[0]]["label"]))
            self._communities = ordered
        return self._communities

    def community_of(self) -> dict[str, int]:
        return {n: i for i, members in enumerate(self.communities()) for n in members}

    def shortest_connection(self, a: str, b: str) -> list[dict] | None:
        """The shortest path from a to b (fewest steps) as steps {from, to, koppelkansen}; [] when
        a == b; None when there is no path or a node is unknown."""
        g = self.graph
        if a not in g or b not in g:
            return None
        try:
            path = nx.shortest_path(g, a, b)
        except nx.NetworkXNoPath:
            return None
        return [{"from": x, "to": y, "koppelkansen": [self.koppelkansen[k] for k in g[x][y]["koppelkansen"]]}
                for x, y in zip(path, path[1:])]

    def find(self, text: str) -> str | None:
        """A node by IRI, by slug, by exact label (nl/en, case-insensitive) or by label prefix."""
        if text in self.graph:
            return text
        t = text.strip().lower()
        nodes = sorted(self.graph.nodes, key=lambda n: (-self.graph.degree(n), n))
        for n in nodes:  # a slug: "krw" is kader:krw, "wonen" is thema:wonen
            if local(n) == t:
                return n
        for test in (lambda s: s == t, lambda s: s.startswith(t)):
            for n in nodes:
                d = self.graph.nodes[n]
                if test(d["label"].lower()) or test(d["label_en"].lower()):
                    return n
        return None

    # -- drawing --------------------------------------------------------------------------------
    def subgraph_nodes(self, mode: str = "top", community: int | None = None, path: list[str] | None = None,
                       limit: int = 60) -> list[str]:
        g = self.graph
        if mode == "community" and community is not None and 0 <= community < len(self.communities()):
            return self.communities()[community][:150]
        if mode == "path" and path:
            around = set(path)
            for n in path:
                neighbours = sorted(g[n], key=lambda m: -g[n][m]["weight"])[:6]
                around.update(neighbours)
            return sorted(around)
        return [r["node"] for r in self.centrality(limit=limit)]

    def to_vis(self, nodes: list[str], lang: str = "nl", path: list[str] | None = None,
               local=lambda iri: iri) -> dict:
        """Nodes and edges for vis-network (labels, groups by kind, sizes by degree, the path highlighted)."""
        g = self.graph.subgraph(nodes)
        comm = self.community_of()
        on_path = set(path or [])
        path_edges = {frozenset(e) for e in zip(path or [], (path or [])[1:])}
        vis_nodes = [{"id": n, "label": self.label(n, lang), "group": self.graph.nodes[n]["kind"],
                      "value": self.graph.degree(n), "community": comm.get(n), "url": local(n),
                      "title": f"{self.label(n, lang)} ({self.graph.nodes[n]['kind']}, {self.graph.degree(n)})",
                      "onPath": n in on_path} for n in g]
        vis_edges = [{"from": a, "to": b, "value": d["weight"],
                      "title": "; ".join(self.koppelkansen[k]["label"] for k in d["koppelkansen"][:5])
                      + (" …" if len(d["koppelkansen"]) > 5 else ""),
                      "onPath": frozenset((a, b)) in path_edges} for a, b, d in g.edges(data=True)]
        return {"nodes": vis_nodes, "edges": vis_edges}


def class_name(iri: str | None) -> str:
    if not iri:
        return "Other"
    return iri.rsplit("/", 1)[-1]


def local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]

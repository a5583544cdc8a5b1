"""The ontology and the controlled vocabularies are complete and well-formed."""

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
GO = rdflib.Namespace("https://w3id.org/gebiedsontwikkeling/def/")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def langs(g, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, rdflib.Literal)}


def test_ontology_has_version_iri(ontology):
    onto = next(ontology.subjects(RDF.type, OWL.Ontology))
    assert str(onto) == str(GO)
    assert str(ontology.value(onto, OWL.versionIRI)).startswith(str(GO))


def own_terms(g):
    for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, cls):
            if isinstance(term, rdflib.URIRef) and str(term).startswith(str(GO)):
                yield term


def test_every_term_has_nl_en_labels_and_definitions(ontology):
    terms = list(own_terms(ontology))
    assert len(terms) >= 60, "the ontology should define the classes and properties of the model"
    missing = [str(t) for t in terms
               if not {"nl", "en"} <= langs(ontology, t, RDFS.label) or not {"nl", "en"} <= langs(ontology, t, SKOS.definition)]
    assert not missing, f"terms without nl+en label and definition: {missing}"


def test_required_classes_exist(ontology):
    for name in ("PolicyFramework", "Instrument", "Actor", "ActorRole", "Area", "NovexArea", "HousingArea",
                 "AreaType", "Theme", "Koppelkans", "Target", "Indicator", "PlanRequirement",
                 "StructuringChoice", "Bottleneck", "RecommendedAction", "Claim", "SourceDocument",
                 "SourcePassage", "Section"):
        assert (GO[name], RDF.type, OWL.Class) in ontology, name


def test_concepts_follow_nl_sbb(ontology):
    concepts = list(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 100
    for c in concepts:
        assert {"nl", "en"} <= langs(ontology, c, SKOS.prefLabel), c
        assert "nl" in langs(ontology, c, SKOS.definition), c
        scheme = ontology.value(c, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, c


@pytest.mark.parametrize("scheme, members", [
    ("kadersoort", {"eu-verordening", "eu-richtlijn", "wet", "nationaal-programma", "handreiking", "concept-norm",
                    "provinciaal-beleid", "gemeentelijk-beleid", "waterschapsbeleid"}),
    ("rechtskracht", {"bindt-lidstaat-rechtstreeks", "bindt-lidstaat-via-omzetting", "bindt-iedereen",
                      "bindt-overheden", "zelfbindend", "bindt-partijen", "niet-bindend"}),
    ("koppelkanssoort", {"synergie", "randvoorwaarde", "draagt-bij-aan", "spanning"}),
    ("thema", {"water", "bodem", "natuur", "gezondheid", "klimaatadaptatie", "energie", "wonen", "mobiliteit",
               "circulariteit"}),
])
def test_vocabulary_members(ontology, scheme, members):
    base = "https://w3id.org/gebiedsontwikkeling/id/begrip/%s/" % scheme
    present = {str(c)[len(base):] for c in ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(base)}
    assert members <= present

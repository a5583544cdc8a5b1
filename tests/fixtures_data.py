"""Small Turtle fixtures: one consistent mini-graph and deliberately broken variants."""

PREFIXES = """
@prefix go: <https://w3id.org/gebiedsontwikkeling/def/> .
@prefix kader: <https://w3id.org/gebiedsontwikkeling/id/kader/> .
@prefix actor: <https://w3id.org/gebiedsontwikkeling/id/actor/> .
@prefix instrument: <https://w3id.org/gebiedsontwikkeling/id/instrument/> .
@prefix koppelkans: <https://w3id.org/gebiedsontwikkeling/id/koppelkans/> .
@prefix passage: <https://w3id.org/gebiedsontwikkeling/id/passage/> .
@prefix bron: <https://w3id.org/gebiedsontwikkeling/id/bron/> .
@prefix kksoort: <https://w3id.org/gebiedsontwikkeling/id/begrip/koppelkanssoort/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

GOOD = PREFIXES + """
bron:002 a go:SourceDocument ; dct:title "Basiskwaliteit Natuur in beleid"@nl .
bron:002-s-2 a go:Section ; dct:title "2 Koppelkansen"@nl ; go:inDocument bron:002 ; go:startLine 148 ; go:endLine 556 .
kader:nhv a go:PolicyFramework ; skos:prefLabel "Natuurherstelverordening"@nl ; prov:wasDerivedFrom passage:002-244-250 .
kader:krw a go:PolicyFramework ; skos:prefLabel "Kaderrichtlijn Water"@nl ; prov:wasDerivedFrom passage:002-277-279 .
actor:gemeente a go:Actor ; skos:prefLabel "gemeente"@nl ; prov:wasDerivedFrom passage:002-599-610 .
instrument:omgevingsplan a go:Instrument ; skos:prefLabel "omgevingsplan"@nl ; go:usedBy actor:gemeente ;
    prov:wasDerivedFrom passage:002-603-610 .
koppelkans:test a go:Koppelkans ; skos:prefLabel "NHV en KRW"@nl ; go:connects kader:nhv , kader:krw ;
    go:koppelkansType kksoort:synergie ; go:rationale "Herstel van ecosystemen helpt de waterkwaliteit."@nl ;
    prov:wasDerivedFrom passage:002-283-290 .
"""

# Three integrity violations: a koppelkans that connects one thing, an individual without a Dutch
# label or source, and an IRI that is used but never described.
BROKEN = PREFIXES + """
kader:nhv a go:PolicyFramework ; skos:prefLabel "Natuurherstelverordening"@nl ; prov:wasDerivedFrom passage:002-244-250 .
koppelkans:half a go:Koppelkans ; skos:prefLabel "Halve koppelkans"@nl ; go:connects kader:nhv ;
    go:koppelkansType kksoort:synergie ; go:rationale "..."@nl ; prov:wasDerivedFrom passage:002-283-290 .
kader:naamloos a go:PolicyFramework ; skos:prefLabel "Nameless"@en .
instrument:verweesd a go:Instrument ; skos:prefLabel "verweesd instrument"@nl ; go:serves kader:bestaat-niet ;
    prov:wasDerivedFrom passage:002-603-610 .
kader:tracé a go:PolicyFramework ; skos:prefLabel "Tracé"@nl ; prov:wasDerivedFrom passage:002-244-250 .
"""

# Consistent for SHACL, inconsistent for OWL: a framework used as the user (an Actor) of an
# instrument, while frameworks and actors are disjoint.
INCONSISTENT = GOOD + """
instrument:omgevingsplan go:usedBy kader:nhv .
"""

SYNTAX_ERROR = PREFIXES + """
kader:nhv a go:PolicyFramework ;
    skos:prefLabel "Natuurherstelverordening"@nl
    prov:wasDerivedFrom passage:002-244-250 .
"""

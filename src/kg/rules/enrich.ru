# Build-time enrichment of the knowledge graph (default graph), run by kg.build after parsing.
# Each update is independent; they run in this order.

PREFIX go:   <https://w3id.org/gebiedsontwikkeling/def/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>

# 1. Passage nodes from passage IRIs {base}/id/passage/DDD-FIRST-LAST.
INSERT {
  ?p a go:SourcePassage ; go:inDocument ?doc ; go:startLine ?first ; go:endLine ?last ; rdfs:label ?label .
}
WHERE {
  { SELECT DISTINCT ?p WHERE { ?s prov:wasDerivedFrom ?p } }
  FILTER(isIRI(?p) && REGEX(STR(?p), "/id/passage/[0-9]{3}-[0-9]+-[0-9]+$"))
  BIND(STRAFTER(STR(?p), "/id/passage/") AS ?key)
  BIND(STRBEFORE(?key, "-") AS ?d)
  BIND(xsd:integer(STRBEFORE(STRAFTER(?key, "-"), "-")) AS ?first)
  BIND(xsd:integer(REPLACE(?key, "^.*-", "")) AS ?last)
  BIND(IRI(CONCAT(STRBEFORE(STR(?p), "/id/passage/"), "/id/bron/", ?d)) AS ?doc)
  BIND(CONCAT(?d, ":", STR(?first), IF(?last != ?first, CONCAT("-", STR(?last)), "")) AS ?label)
} ;

# 2. Each passage lies in the deepest (shortest) section that contains its first line; ties go to
#    the section whose IRI sorts first, so the result is deterministic.
INSERT { ?p go:inSection ?section }
WHERE {
  {
    SELECT ?p (MIN(STR(?candidate)) AS ?chosen) WHERE {
      {
        SELECT ?p (MIN(?e - ?s) AS ?best) WHERE {
          ?p a go:SourcePassage ; go:inDocument ?doc ; go:startLine ?first .
          ?candidate a go:Section ; go:inDocument ?doc ; go:startLine ?s ; go:endLine ?e .
          FILTER(?s <= ?first && ?first <= ?e)
        } GROUP BY ?p
      }
      ?p go:inDocument ?doc ; go:startLine ?first .
      ?candidate a go:Section ; go:inDocument ?doc ; go:startLine ?s ; go:endLine ?e .
      FILTER(?s <= ?first && ?first <= ?e && ?e - ?s = ?best)
    } GROUP BY ?p
  }
  BIND(IRI(?chosen) AS ?section)
} ;

# 3. rdfs:label mirrors skos:prefLabel: many generic RDF tools only read rdfs:label.
INSERT { ?s rdfs:label ?l } WHERE { ?s skos:prefLabel ?l } ;

# 4. Numeric values compare as decimals (curators write `go:value 30`, an xsd:integer).
DELETE { ?t ?p ?v } INSERT { ?t ?p ?d }
WHERE {
  VALUES ?p { go:value go:valueMax }
  ?t ?p ?v .
  FILTER(isNumeric(?v) && DATATYPE(?v) != xsd:decimal)
  BIND(xsd:decimal(?v) AS ?d)
}

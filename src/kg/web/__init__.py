"""HTTP interface: SPARQL endpoint, linked-data pages, JSON API and the browser."""

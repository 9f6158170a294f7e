"""RDF export, SHACL validation and SPARQL.

Contract (used by papergraph.pipeline):

    DEFAULT_BASE: str
    write_rdf(G, outdir, *, base=DEFAULT_BASE, jsonld=False, validate=True) -> RdfReport
        # writes graph.ttl and graph.nt (and graph.jsonld); RdfReport has .triples, .conforms
"""

"""Entity linking results as a networkx MultiDiGraph, and the PaperGraph API.

Contract (used by papergraph.pipeline):

    build_graph(papers: Sequence[Paper], extractions: Sequence[Extraction]) -> nx.MultiDiGraph

The graph follows papergraph.graph.model.
"""

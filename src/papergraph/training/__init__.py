"""Building what papergraph ships: the NER model and the gazetteer (run offline, never at build time).

``corpus`` reads the annotated corpora, ``ner`` trains the NER on them, and
``gazetteer`` turns the Papers-with-Code-derived lists into the packaged
gazetteer. The runtime in :mod:`papergraph.extract` imports none of this.
"""

"""The NLP pass: one spaCy pipeline of small named components.

Contract (used by papergraph.pipeline):

    load_extractor(*, use_model: bool = True) -> Extractor
    Extractor.extract(papers: Iterable[Paper], *, n_process: int = 1,
                      batch_size: int = 256) -> Iterator[Extraction]

``extract`` yields exactly one Extraction per input paper, in input order.
"""

"""Synthetic graphs that follow :mod:`papergraph.graph.model`, for tests and benchmarks.

They give the viewer realistic shapes (long-tailed entity popularity, results
with provenance offsets) at any size, without running the extraction pipeline.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx

from papergraph.graph.model import (
    ADDRESSES,
    HAS_DATASET,
    HAS_METHOD,
    HAS_METRIC,
    MENTIONS,
    PROPOSES,
    REPORTS,
    USES,
    node_id,
    paper_node,
    result_node,
)

_PARTS = {
    "Method": ["Net", "Former", "GAN", "Diffusion", "LoRA", "BERT", "ViT", "Mamba", "CLIP", "RL"],
    "Dataset": ["ImageNet", "COCO", "SQuAD", "GSM", "MMLU", "Kinetics", "LAION", "WMT", "ADE", "Waymo"],
    "Task": ["segmentation", "retrieval", "translation", "reasoning", "detection", "captioning"],
    "Metric": ["accuracy", "F1", "BLEU", "mAP", "FID", "recall"],
}


def _entity_name(kind: str, i: int) -> str:
    parts = _PARTS[kind]
    return f"{parts[i % len(parts)]}-{i}"


def add_entity(G: nx.MultiDiGraph, kind: str, name: str, **attrs: object) -> str:
    n = node_id(kind, name)  # type: ignore[arg-type]
    if n not in G:
        G.add_node(n, kind=kind, label=name, aliases={name: 1}, mentions=0, papers=0,
                   gazetteer=False, variant_of=None, **attrs)
    return n


def link(G: nx.MultiDiGraph, u: str, v: str, rel: str, *, paper: str, field: str,
         start: int, end: int, sentence: str = "") -> None:
    G.add_edge(u, v, key=rel, relation=rel, paper=paper, sentence=sentence, field=field,
               start=start, end=end, confidence=0.9, source="synthetic", count=1)


def synthetic_graph(n_papers: int, *, n_entities: int | None = None, seed: int = 1) -> nx.MultiDiGraph:
    """``n_papers`` papers mentioning entities drawn from a Zipf-like distribution."""
    rng = random.Random(seed)
    n_entities = n_entities or max(8, int(n_papers * 1.5))
    kinds = ["Method", "Dataset", "Task", "Metric"]
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(n_entities)))
    names = [(kinds[i % 4], _entity_name(kinds[i % 4], i)) for i in range(n_entities)]
    G = nx.MultiDiGraph()
    for p in range(n_papers):
        pid = f"arxiv:2501.{p:05d}"
        pn = paper_node(pid)
        chosen = sorted(set(rng.choices(range(n_entities), cum_weights=cum, k=rng.randint(2, 8))))
        pieces: list[str] = []
        spans: list[tuple[str, str, int, int]] = []
        cursor = 0
        for i in chosen:
            kind, name = names[i]
            phrase = f"We study {name} " if not pieces else f"and {name} "
            start = cursor + len(phrase) - len(name) - 1
            spans.append((kind, name, start, start + len(name)))
            pieces.append(phrase)
            cursor += len(phrase)
        value = round(rng.uniform(10, 95), 1)
        tail = f"reaching {value}% on the benchmark."
        abstract = "".join(pieces) + tail
        G.add_node(pn, kind="Paper", label=f"Synthetic paper {p}", title=f"Synthetic paper {p} on {names[chosen[0]][1]}",
                   abstract=abstract, date=f"2025-{1 + p % 12:02d}-{1 + p % 28:02d}",
                   authors=[f"Author {j}" for j in range(1 + p % 5)], n_authors=1 + p % 5,
                   upvotes=p % 17, arxiv_id=pid.split(":", 1)[1], doi=None,
                   urls=[f"https://arxiv.org/abs/{pid.split(':', 1)[1]}"], code_urls=[],
                   source_file="synthetic", source_line=p + 1)
        for j, (kind, name, s, e) in enumerate(spans):
            ent = add_entity(G, kind, name)
            rel = {"Method": PROPOSES if j == 0 else USES, "Dataset": USES, "Task": ADDRESSES,
                   "Metric": MENTIONS}[kind]
            link(G, pn, ent, rel, paper=pn, field="abstract", start=s, end=e)
        if p % 3 == 0:
            rn = result_node(pid, 0)
            vs = abstract.index(str(value))
            G.add_node(rn, kind="Result", label=f"{value}%", value=value, value_text=str(value),
                       unit="%", relation="absolute", metric=None, dataset=None, method=None,
                       task=None, baseline=None, paper=pn, sentence=abstract, field="abstract",
                       start=vs, end=vs + len(str(value)), confidence=0.6)
            G.add_edge(pn, rn, key=REPORTS, relation=REPORTS, paper=pn, field="abstract",
                       start=vs, end=vs + len(str(value)), confidence=0.6, source="synthetic")
            for kind, name, s, e in spans:
                has = {"Method": HAS_METHOD, "Dataset": HAS_DATASET, "Metric": HAS_METRIC}.get(kind)
                if has:
                    link(G, rn, node_id(kind, name), has, paper=pn, field="abstract", start=s, end=e)  # type: ignore[arg-type]
    return G

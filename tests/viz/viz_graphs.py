"""Hand-made graphs that follow papergraph.graph.model, with hostile input in them."""

from __future__ import annotations

from typing import Any

import networkx as nx

from papergraph.graph.model import (
    ADDRESSES,
    HAS_DATASET,
    HAS_METHOD,
    HAS_METRIC,
    OUTPERFORMS,
    PROPOSES,
    REPORTS,
    USES,
    node_id,
    paper_node,
    result_node,
)
from papergraph.viz.synthetic import add_entity, link

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_ABSTRACT = (
    "We attack </script><script>alert(2)</script> the page <!-- and --> "
    "a 𝒳-space trick with ViT & \"quotes\", then FooNet <b id=injected>bold</b>."
)
HOSTILE_METHOD = "<svg onload=alert(4)>"


def _add_paper(G: nx.MultiDiGraph, pid: str, title: str, abstract: str, **attrs: Any) -> str:
    pn = paper_node(pid)
    G.add_node(
        pn, kind="Paper", label=title, title=title, abstract=abstract,
        date=attrs.pop("date", "2024-01-15"), authors=attrs.pop("authors", ["A. Author", "B. Author"]),
        n_authors=attrs.pop("n_authors", 2), upvotes=attrs.pop("upvotes", 3),
        arxiv_id=pid.removeprefix("arxiv:"), doi=None,
        urls=attrs.pop("urls", [f"https://arxiv.org/abs/{pid.removeprefix('arxiv:')}"]),
        code_urls=attrs.pop("code_urls", []), source_file="fixture", source_line=1,
    )
    return pn


def _mention(G: nx.MultiDiGraph, pn: str, ent: str, rel: str, surface: str, *, field: str = "abstract") -> None:
    source = G.nodes[pn][field]
    start = source.index(surface)
    link(G, pn, ent, rel, paper=pn, field=field, start=start, end=start + len(surface))


def _result(
    G: nx.MultiDiGraph, pn: str, n: int, value_text: str, *, metric: str, dataset: str, method: str,
    method_text: str,
) -> str:
    pid = pn.removeprefix("paper:")
    rn = result_node(pid, n)
    abstract = G.nodes[pn]["abstract"]
    start = abstract.index(value_text)
    G.add_node(
        rn, kind="Result", label=value_text + "%", value=float(value_text), value_text=value_text,
        unit="%", relation="absolute", metric="top-1 accuracy", dataset="ImageNet", method=None,
        task=None, baseline=None, paper=pn, sentence=abstract, field="abstract",
        start=start, end=start + len(value_text), confidence=0.8,
    )
    G.add_edge(pn, rn, key=REPORTS, relation=REPORTS, paper=pn, field="abstract", start=start,
               end=start + len(value_text), confidence=0.8, source="results")
    for rel, ent, surface in ((HAS_METRIC, metric, "top-1 accuracy"), (HAS_DATASET, dataset, "ImageNet"), (HAS_METHOD, method, method_text)):
        s = abstract.index(surface)
        link(G, rn, ent, rel, paper=pn, field="abstract", start=s, end=s + len(surface))
    return rn


def make_small_graph() -> nx.MultiDiGraph:
    """Four papers, six entities, two results; one paper and one entity are hostile."""
    G = nx.MultiDiGraph()
    foonet = add_entity(G, "Method", "FooNet")
    G.nodes[foonet]["aliases"] = {"FooNet": 3, "Foo Network": 1}
    vit = add_entity(G, "Method", "ViT")
    G.nodes[vit]["aliases"] = {"ViT": 4, "Vision Transformer": 2}
    imagenet = add_entity(G, "Dataset", "ImageNet")
    top1 = add_entity(G, "Metric", "top-1 accuracy", direction="higher")
    cls = add_entity(G, "Task", "image classification")
    evil = add_entity(G, "Method", HOSTILE_METHOD)

    p1 = _add_paper(G, "arxiv:2401.00001", "FooNet: simple convolutions for ImageNet",
                    "We propose FooNet, a convolutional network. FooNet reaches 81.2% top-1 accuracy "
                    "on ImageNet for image classification, outperforming ViT.",
                    code_urls=["https://github.com/example/foonet"], upvotes=12)
    _mention(G, p1, foonet, PROPOSES, "FooNet", field="title")
    _mention(G, p1, imagenet, USES, "ImageNet")
    _mention(G, p1, top1, USES, "top-1 accuracy")
    _mention(G, p1, cls, ADDRESSES, "image classification")
    _mention(G, p1, vit, USES, "ViT")
    _result(G, p1, 0, "81.2", metric=top1, dataset=imagenet, method=foonet, method_text="FooNet")
    link(G, foonet, vit, OUTPERFORMS, paper=p1, field="abstract", start=0, end=1)

    p2 = _add_paper(G, "arxiv:2401.00002", "Scaling Vision Transformers",
                    "We train ViT on ImageNet and report 84.0% top-1 accuracy for image classification.",
                    date="2024-02-01", n_authors=7, authors=[f"Author {i}" for i in range(7)])
    _mention(G, p2, vit, PROPOSES, "ViT")
    _mention(G, p2, imagenet, USES, "ImageNet")
    _mention(G, p2, top1, USES, "top-1 accuracy")
    _mention(G, p2, cls, ADDRESSES, "image classification")
    _result(G, p2, 0, "84.0", metric=top1, dataset=imagenet, method=vit, method_text="ViT")

    p3 = _add_paper(G, "hostile", HOSTILE_TITLE, HOSTILE_ABSTRACT,
                    code_urls=["javascript:alert(3)", "https://github.com/example/hostile"],
                    urls=["data:text/html,<script>alert(5)</script>"])
    _mention(G, p3, vit, USES, "ViT")
    _mention(G, p3, foonet, USES, "FooNet")
    _mention(G, p3, evil, PROPOSES, "<b id=injected>bold</b>")

    _add_paper(G, "arxiv:2401.00004", "A paper with no extracted entities", "Nothing to see here.")
    return G


#: Nodes the overview shows for make_small_graph: the entities but the metric, no papers.
SMALL_VISIBLE = 5
P1, P2, HOSTILE = "paper:arxiv:2401.00001", "paper:arxiv:2401.00002", "paper:hostile"
IMAGENET, VIT, FOONET = node_id("Dataset", "ImageNet"), node_id("Method", "ViT"), node_id("Method", "FooNet")

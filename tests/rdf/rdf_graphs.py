"""Small hand-made graphs that follow papergraph.graph.model."""

from __future__ import annotations

import networkx as nx

P1 = "paper:arxiv:2401.00001"
P2 = "paper:arxiv:2401.00002"
P3 = "paper:title-5f2a9c"

ABSTRACT_1 = (
    "We propose FooNet, a sparse vision transformer. "
    "FooNet reaches 85.3% top-1 accuracy on ImageNet-1K, outperforming ResNet-50. "
    "We also evaluate on CIFAR-10."
)
SENT_1 = "FooNet reaches 85.3% top-1 accuracy on ImageNet-1K, outperforming ResNet-50."
ABSTRACT_2 = (
    "BarNet combines ResNet-50 with LoRA for image classification. "
    "BarNet achieves 84.1% top-1 accuracy on ImageNet and 97.2% on CIFAR-10."
)
SENT_2 = "BarNet achieves 84.1% top-1 accuracy on ImageNet and 97.2% on CIFAR-10."
ABSTRACT_3 = "A \"quoted\" abstract with a backslash \\ and a newline\nthat reports a 2.5x speedup."
SENT_3 = "A \"quoted\" abstract with a backslash \\ and a newline\nthat reports a 2.5x speedup."


def _prov(paper: str, sentence: str, abstract: str, text: str, *, source: str = "rules") -> dict:
    start = abstract.index(text)
    return {
        "paper": paper,
        "sentence": sentence,
        "field": "abstract",
        "start": start,
        "end": start + len(text),
        "confidence": 0.9,
        "source": source,
        "count": 1,
    }


def _result(G, rid, paper, abstract, sentence, value_text, value, **kw) -> None:
    start = abstract.index(value_text)
    attrs = {
        "kind": "Result",
        "label": f"{kw.get('metric') or 'value'} = {value_text}",
        "value": value,
        "value_text": value_text,
        "unit": kw.get("unit", "%"),
        "relation": kw.get("relation", "absolute"),
        "metric": kw.get("metric"),
        "dataset": kw.get("dataset"),
        "method": kw.get("method"),
        "task": kw.get("task"),
        "baseline": kw.get("baseline"),
        "paper": paper,
        "sentence": sentence,
        "field": "abstract",
        "start": start,
        "end": start + len(value_text),
        "confidence": kw.get("confidence", 0.8),
    }
    G.add_node(rid, **attrs)
    G.add_edge(paper, rid, key="reports", relation="reports", **_prov(paper, sentence, abstract, value_text, source="results"))
    for rel, target in kw.get("links", {}).items():
        G.add_edge(rid, target, key=rel, relation=rel, **_prov(paper, sentence, abstract, value_text, source="results"))


def tiny_graph() -> nx.MultiDiGraph:
    """Three papers, five entities, four results: enough for every canned query."""
    G = nx.MultiDiGraph()
    G.add_node(
        P1, kind="Paper", label="FooNet: Sparse Vision Transformers", title="FooNet: Sparse Vision Transformers",
        abstract=ABSTRACT_1, date="2024-01-02", authors=["Ada Lovelace", "Alan Turing"], n_authors=2,
        upvotes=12, arxiv_id="2401.00001", doi=None, urls=["https://arxiv.org/abs/2401.00001"],
        code_urls=["https://github.com/example/foonet"], source_file="seeds/day1.txt", source_line=3,
    )
    G.add_node(
        P2, kind="Paper", label="BarNet", title="BarNet", abstract=ABSTRACT_2, date="2024-02",
        authors=["Grace Hopper"], n_authors=1, upvotes=0, arxiv_id="2401.00002", doi="10.1234/bar.2",
        urls=[], code_urls=[], source_file="seeds/day1.txt", source_line=40,
    )
    G.add_node(
        P3, kind="Paper", label="Quoted", title="Quoted", abstract=ABSTRACT_3, date="2023",
        authors=[], n_authors=None, upvotes=None, arxiv_id=None, doi=None, urls=["not a url", "https://example.org/a b"],
        code_urls=[], source_file="corpus.jsonl", source_line=7,
    )
    ents = [
        ("method:foonet", "Method", "FooNet", {"FooNet": 3}),
        ("method:barnet", "Method", "BarNet", {"BarNet": 2}),
        ("method:resnet-50", "Method", "ResNet-50", {"ResNet-50": 2, "ResNet50": 1}),
        ("method:resnet", "Method", "ResNet", {"ResNet": 1}),
        ("method:lora", "Method", "LoRA", {"LoRA": 1, "low-rank adaptation": 1}),
        ("dataset:imagenet-1k", "Dataset", "ImageNet-1K", {"ImageNet-1K": 1, "ImageNet": 1}),
        ("dataset:cifar-10", "Dataset", "CIFAR-10", {"CIFAR-10": 2}),
        ("task:image-classification", "Task", "image classification", {"image classification": 1}),
        ("metric:top-1-accuracy", "Metric", "top-1 accuracy", {"top-1 accuracy": 2}),
    ]
    for nid, kind, label, aliases in ents:
        attrs = {"kind": kind, "label": label, "aliases": aliases, "mentions": sum(aliases.values()),
                 "papers": 1, "gazetteer": kind != "Method", "variant_of": None}
        if kind == "Metric":
            attrs["direction"] = "higher"
        G.add_node(nid, **attrs)
    G.nodes["method:resnet-50"]["variant_of"] = "method:resnet"

    def edge(u, v, rel, paper, abstract, sentence, text):
        G.add_edge(u, v, key=rel, relation=rel, **_prov(paper, sentence, abstract, text))

    s1a = "We propose FooNet, a sparse vision transformer."
    edge(P1, "method:foonet", "proposes", P1, ABSTRACT_1, s1a, "FooNet")
    edge(P1, "method:resnet-50", "uses", P1, ABSTRACT_1, SENT_1, "ResNet-50")
    edge(P1, "dataset:imagenet-1k", "uses", P1, ABSTRACT_1, SENT_1, "ImageNet-1K")
    edge(P1, "dataset:cifar-10", "uses", P1, ABSTRACT_1, "We also evaluate on CIFAR-10.", "CIFAR-10")
    edge(P1, "metric:top-1-accuracy", "uses", P1, ABSTRACT_1, SENT_1, "top-1 accuracy")
    edge("method:foonet", "method:resnet-50", "outperforms", P1, ABSTRACT_1, SENT_1, "outperforming")
    edge("method:foonet", "dataset:imagenet-1k", "evaluatedOn", P1, ABSTRACT_1, SENT_1, "ImageNet-1K")
    s2a = "BarNet combines ResNet-50 with LoRA for image classification."
    edge(P2, "method:barnet", "proposes", P2, ABSTRACT_2, s2a, "BarNet")
    edge(P2, "method:resnet-50", "uses", P2, ABSTRACT_2, s2a, "ResNet-50")
    edge(P2, "method:lora", "uses", P2, ABSTRACT_2, s2a, "LoRA")
    edge(P2, "task:image-classification", "addresses", P2, ABSTRACT_2, s2a, "image classification")
    edge("method:barnet", "task:image-classification", "addresses", P2, ABSTRACT_2, s2a, "image classification")
    edge("method:resnet-50", "method:resnet", "variantOf", P2, ABSTRACT_2, s2a, "ResNet-50")
    edge(P3, "method:foonet", "mentions", P3, ABSTRACT_3, SENT_3, "speedup")

    acc = "metric:top-1-accuracy"
    _result(G, "result:arxiv:2401.00001:0", P1, ABSTRACT_1, SENT_1, "85.3%", 85.3,
            metric="top-1 accuracy", dataset="ImageNet-1K", method="FooNet", confidence=0.9,
            links={"hasMetric": acc, "hasDataset": "dataset:imagenet-1k", "hasMethod": "method:foonet"})
    _result(G, "result:arxiv:2401.00002:0", P2, ABSTRACT_2, SENT_2, "84.1%", 84.1,
            metric="top-1 accuracy", dataset="ImageNet", method="BarNet",
            links={"hasMetric": acc, "hasDataset": "dataset:imagenet-1k", "hasMethod": "method:barnet",
                   "hasTask": "task:image-classification"})
    _result(G, "result:arxiv:2401.00002:1", P2, ABSTRACT_2, SENT_2, "97.2%", 97.2,
            metric=None, dataset="CIFAR-10", method="BarNet",
            links={"hasDataset": "dataset:cifar-10", "hasMethod": "method:barnet"})
    _result(G, "result:title-5f2a9c:0", P3, ABSTRACT_3, SENT_3, "2.5x", 2.5, unit="x",
            relation="speedup", confidence=0.4, links={})
    return G


def broken_graph() -> nx.MultiDiGraph:
    """tiny_graph with three contract breaks the shapes must catch."""
    G = tiny_graph()
    G.nodes["result:arxiv:2401.00001:0"]["confidence"] = 1.7  # above 1
    G.nodes["result:title-5f2a9c:0"]["value"] = None  # a claim without a number
    # a result whose dataset is a method
    G.add_edge("result:arxiv:2401.00002:1", "method:lora", key="hasDataset", relation="hasDataset")
    return G

"""Every PaperGraph query on the tiny hand-made corpus."""

from __future__ import annotations

import pytest

from papergraph.errors import EntityNotFoundError, NoPathError, PapergraphError
from papergraph.graph import (
    Entity,
    PaperGraph,
    PaperRecord,
    ResultRecord,
)

RSB = "paper:arxiv:2110.00476"  # ResNet strikes back
VIT = "paper:arxiv:2010.11929"
MOL = "paper:arxiv:2301.00001"
ATT = "paper:arxiv:1706.03762"
ABL = "paper:arxiv:2204.07118"
NOTE = "paper:hash:5e1f0c2a9b"


def test_listings_are_typed_and_ordered(kg: PaperGraph) -> None:
    papers = kg.papers()
    assert [p.id for p in papers] == sorted([RSB, VIT, MOL, ATT, ABL, NOTE])
    assert all(isinstance(p, PaperRecord) for p in papers)
    methods = kg.methods()
    assert methods[0].id == "method:resnet-50"  # most papers first
    assert [m.n_papers for m in methods] == sorted((m.n_papers for m in methods), reverse=True)
    assert {d.id for d in kg.datasets()} >= {"dataset:imagenet", "dataset:imagenet-1k",
                                              "dataset:imagenet-21k", "dataset:imagenet-val"}  # fmt: skip
    assert {t.name for t in kg.tasks()} == {
        "image classification", "machine translation", "molecular property prediction"
    }  # fmt: skip
    directions = {m.name: m.direction for m in kg.metrics()}
    assert directions == {"top-1 accuracy": "higher", "top-1 error": "lower", "BLEU": "higher",
                          "RMSE": "lower"}  # fmt: skip


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ImageNet-1K", "dataset:imagenet-1k"),
        ("imagenet 1k", "dataset:imagenet-1k"),
        ("ImageNet1K", "dataset:imagenet-1k"),
        ("ImageNet", "dataset:imagenet"),
        ("the ImageNet dataset", "dataset:imagenet"),
        ("GNNs", "method:graph-neural-network"),
        ("graph neural networks", "method:graph-neural-network"),
        ("ViT", "method:vision-transformer"),
        ("Transformers", "method:transformer"),
        ("dataset:qm9", "dataset:qm9"),
        ("BLEU score", "metric:bleu"),
    ],
)
def test_entity_resolves_aliases(kg: PaperGraph, name: str, expected: str) -> None:
    e = kg.entity(name)
    assert isinstance(e, Entity)
    assert e.id == expected
    assert kg.entity(e) == e  # an Entity resolves to itself


def test_aliases_with_counts(kg: PaperGraph) -> None:
    gnn = kg.entity("GNN")
    assert dict(gnn.aliases) == {"GNN": 2, "GNNs": 1, "Graph neural networks": 1,
                                 "graph neural networks": 1}  # fmt: skip
    assert gnn.n_papers == 2 and gnn.n_mentions == 5
    assert kg.entity("ImageNet-1K").variant_of == "dataset:imagenet"
    assert kg.entity("ImageNet-val").subset_of == "dataset:imagenet"
    assert kg.entity("ResNet-50").variant_of == "method:resnet"


def test_unknown_entity_lists_close_matches(kg: PaperGraph) -> None:
    with pytest.raises(EntityNotFoundError, match="ImageNet") as exc:
        kg.entity("ImageNett")
    assert isinstance(exc.value, PapergraphError) and isinstance(exc.value, LookupError)
    with pytest.raises(EntityNotFoundError, match="no Dataset named 'ResNet-50'"):
        kg.entity("ResNet-50", kind="Dataset")
    err = exc.value
    assert err.kinds == ("Method", "Dataset", "Task", "Metric") and "ImageNet" in err.suggestions
    assert str(err) == f"{err.reason} List the names with kg.methods(), kg.datasets(), kg.tasks() or kg.metrics()."
    assert "kg." not in err.reason and "Did you mean" in err.reason


def test_entities_of_a_kind_or_of_all(kg: PaperGraph) -> None:
    assert kg.entities("Dataset") == kg.datasets() and kg.entities("Metric") == kg.metrics()
    every = kg.entities()
    assert {e.id for e in every} == {e.id for e in (*kg.methods(), *kg.datasets(), *kg.tasks(), *kg.metrics())}
    assert [(-e.n_papers, -e.n_mentions, e.id) for e in every] == sorted((-e.n_papers, -e.n_mentions, e.id)
                                                                          for e in every)
    with pytest.raises(EntityNotFoundError, match="unknown kind 'Model'"):
        kg.entities("Model")


def test_papers_using_and_proposing(kg: PaperGraph) -> None:
    assert [p.id for p in kg.papers_using("ResNet-50")] == sorted([RSB, VIT, ABL])
    # ResNet covers its variant ResNet-50 unless told otherwise
    assert [p.id for p in kg.papers_using("ResNet")] == sorted([RSB, VIT, ABL])
    assert [p.id for p in kg.papers_using("ResNet", include_variants=False)] == sorted([RSB, ABL])
    # a confidence-0.3 mention is a mere mention, not a use
    assert [p.id for p in kg.papers_using("GNN")] == [MOL]
    assert [p.id for p in kg.papers_proposing("Transformer")] == [ATT]
    assert [p.id for p in kg.papers_proposing("ViT-Large")] == [VIT]
    assert kg.papers_proposing("ResNet-50") == []


def test_methods_evaluated_on(kg: PaperGraph) -> None:
    assert [m.id for m in kg.methods_evaluated_on("ImageNet")] == [
        "method:resnet-50", "method:vit-large"
    ]  # fmt: skip
    assert [m.id for m in kg.methods_evaluated_on("ImageNet", include_variants=False)] == [
        "method:resnet-50"
    ]
    assert {m.id for m in kg.methods_evaluated_on("QM9")} == {"method:molgnn", "method:transformer"}


def test_leaderboard_includes_variants_and_splits_best_first(kg: PaperGraph) -> None:
    rows = kg.leaderboard("ImageNet", "top-1 accuracy")
    assert [(r.method, r.dataset, r.value, r.unit) for r in rows] == [
        ("ViT-Large", "ImageNet-1K", 85.1, "%"),
        ("ResNet-50", "ImageNet-val", 80.4, "%"),
    ]
    top = rows[1]
    assert top.paper == "arxiv:2110.00476" and top.paper_title.startswith("ResNet strikes back")
    assert top.sentence == "A vanilla ResNet-50 reaches 80.4% top-1 accuracy on ImageNet-val without extra data."
    abstract = kg.to_networkx(copy=False).nodes[RSB]["abstract"]
    assert abstract[top.start : top.end] == "80.4" and top.field == "abstract"
    assert top.direction == "higher" and top.relation == "absolute"


def test_leaderboard_groups_metrics_and_sorts_by_direction(kg: PaperGraph) -> None:
    rows = kg.leaderboard("ImageNet")
    assert [(r.metric, r.value) for r in rows] == [
        ("top-1 accuracy", 85.1), ("top-1 accuracy", 80.4), ("top-1 error", 19.6)
    ]  # fmt: skip
    lower = kg.leaderboard("QM9", "RMSE")
    assert [(r.method, r.value) for r in lower] == [("MolGNN", 0.52)]
    # the baseline's own score, as this paper reports it, is listed but never a row
    (qm9,) = kg.leaderboards("QM9")
    assert [(u.row.method, u.row.value, u.code) for u in qm9.unranked] == [("Transformer", 0.61, "other-system")]
    assert [r.relation for r in kg.leaderboard("ImageNet-1K")] == ["absolute"]
    assert [(r.relation, r.value) for r in kg.gains("ImageNet-1K")] == [("improvement", 4.7)]
    assert kg.leaderboard("ImageNet", include_variants=False)[0].value == 19.6
    # a metric name that is no entity still filters by containment
    assert [r.metric for r in kg.leaderboard("ImageNet", "accuracy")] == ["top-1 accuracy"] * 2
    with pytest.raises(EntityNotFoundError, match="no Metric named 'recall'"):
        kg.leaderboard("ImageNet", "recall")
    assert kg.leaderboard("ImageNet", min_confidence=0.85)[-1].value == 80.4


def test_neighbors(kg: PaperGraph) -> None:
    ns = kg.neighbors("QM9", kind="Method")
    assert [n.id for n in ns] == ["method:molgnn", "method:transformer"]
    results = kg.neighbors(RSB, kind="Result")
    assert len(results) == 1 and isinstance(results[0], ResultRecord)
    assert results[0].value == 80.4
    assert [n.id for n in kg.neighbors("ResNet-50", relation="variantOf", direction="out")] == [
        "method:resnet"
    ]


def test_shortest_path(kg: PaperGraph) -> None:
    path = kg.shortest_path("MolGNN", "machine translation")
    ids = [n.id for n in path]
    assert ids[0] == "method:molgnn" and ids[-1] == "task:machine-translation"
    assert len(ids) == 3  # MolGNN -outperforms-> Transformer -addresses-> machine translation
    with pytest.raises(NoPathError):
        kg.shortest_path(NOTE, "QM9")


def test_subgraph(kg: PaperGraph) -> None:
    sub = kg.subgraph("QM9", depth=1)
    assert isinstance(sub, PaperGraph)
    G = sub.to_networkx()
    assert "dataset:qm9" in G and MOL in G and "method:molgnn" in G
    assert RSB not in G
    assert set(kg.subgraph(["QM9", "BLEU"], depth=0).to_networkx()) == {"dataset:qm9", "metric:bleu"}


def test_to_networkx_is_a_copy(kg: PaperGraph) -> None:
    G = kg.to_networkx()
    G.remove_node("dataset:qm9")
    assert "dataset:qm9" in kg.to_networkx()


def test_cooccurring_methods(kg: PaperGraph) -> None:
    pairs = kg.cooccurring_methods("ResNet-50")
    assert [(c.b.id, c.papers) for c in pairs] == [
        ("method:resnet", 2), ("method:vision-transformer", 1), ("method:vit-large", 1)
    ]  # fmt: skip
    top = kg.cooccurring_methods(top=1)
    assert [(top[0].a.id, top[0].b.id, top[0].papers)] == [("method:resnet", "method:resnet-50", 2)]


def test_related_papers(kg: PaperGraph) -> None:
    related = kg.related_papers("arxiv:2110.00476", top=2)
    assert [r.paper.id for r in related] == [VIT, ABL]
    assert "method:resnet-50" in {e.id for e in related[0].shared}
    assert related[0].score > related[1].score
    # a title works as well as an id
    assert kg.related_papers("ResNet strikes back: an improved training procedure", top=2) == related
    assert kg.related_papers(NOTE) == []


def test_paper_records_carry_code_links(kg: PaperGraph) -> None:
    rec = kg.node(RSB)
    assert isinstance(rec, PaperRecord)
    assert rec.code_urls == ("https://github.com/example/timm",)
    assert rec.arxiv_id == "2110.00476" and rec.date == "2021-10-01"


def test_unknown_paper_says_what_to_pass(kg: PaperGraph) -> None:
    with pytest.raises(EntityNotFoundError, match="paper id"):
        kg.related_papers("no such paper")

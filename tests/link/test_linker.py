"""link(): which mentions become one entity, and which stay apart."""

from __future__ import annotations

import pytest

from papergraph.link import Linking, link
from papergraph.types import Extraction, Mention, Paper, Result

Spec = tuple[str, str] | tuple[str, str, str]  # (text, label[, canonical])


def _ex(pid: str, specs: list[Spec], results: tuple[Result, ...] = ()) -> Extraction:
    mentions = []
    pos = 0
    for spec in specs:
        text, label = spec[0], spec[1]
        canonical = spec[2] if len(spec) == 3 else text
        mentions.append(
            Mention(text=text, label=label, field="abstract", start=pos, end=pos + len(text),  # type: ignore[arg-type]
                    canonical=canonical, sentence=text)
        )  # fmt: skip
        pos += len(text) + 1
    return Extraction(id=pid, title=pid, entities=tuple(mentions), results=results)


def _entity_of(linking: Linking, paper: int, mention: int) -> str:
    return linking.mentions[paper][mention]


def _by_id(linking: Linking) -> dict[str, object]:
    return {e.id: e for e in linking.entities}


@pytest.mark.parametrize(
    "papers",
    [
        [[("ImageNet-1K", "Dataset")], [("ImageNet-1k", "Dataset")], [("ImageNet 1K", "Dataset")]],
        [[("GNN", "Method", "graph neural network")], [("graph neural networks", "Method")]],
        [[("Transformer", "Method")], [("Transformers", "Method")], [("the Transformer model", "Method")]],
        [[("ImageNet", "Dataset")], [("the ImageNet dataset", "Dataset")]],
        [[("ImageNet val", "Dataset")], [("ImageNet validation set", "Dataset")]],
        # an NER slip: BERT tagged Dataset once, Method three times
        [[("BERT", "Method")], [("BERT", "Method")], [("BERT", "Method")], [("BERT", "Dataset")]],
    ],
)
def test_merged(papers: list[list[Spec]]) -> None:
    linking = link([_ex(f"p{i}", specs) for i, specs in enumerate(papers)])
    ids = {eid for row in linking.mentions for eid in row}
    assert len(ids) == 1, ids


@pytest.mark.parametrize(
    "papers",
    [
        [[("ImageNet-21K", "Dataset")], [("ImageNet-1K", "Dataset")]],
        [[("ResNet-50", "Method")], [("ResNet", "Method")]],
        [[("ImageNet", "Dataset")], [("ImageNet-1K", "Dataset")]],
        [[("ImageNet-val", "Dataset")], [("ImageNet", "Dataset")]],
        # a noisy gazetteer canonical that shares nothing with the text
        [[("ImageNet classes", "Dataset", "ObjectNet")], [("ObjectNet", "Dataset")]],
        # a canonical naming another variant of the same base
        [[("ImageNet-21K", "Dataset", "ImageNet-1K")], [("ImageNet-1K", "Dataset")]],
        # genuinely two labels: a task and a dataset, equally often
        [[("VQA", "Task")], [("VQA", "Dataset")]],
    ],
)
def test_kept_apart(papers: list[list[Spec]]) -> None:
    linking = link([_ex(f"p{i}", specs) for i, specs in enumerate(papers)])
    ids = [row[0] for row in linking.mentions]
    assert len(set(ids)) == len(ids), ids


def test_variants_and_subsets_link_to_their_base() -> None:
    linking = link(
        [
            _ex("a", [("ImageNet", "Dataset"), ("ResNet", "Method")]),
            _ex("b", [("ImageNet-1K", "Dataset"), ("ImageNet-21K", "Dataset"), ("ResNet-50", "Method")]),
            _ex("c", [("ImageNet-val", "Dataset"), ("the test set of CIFAR-10", "Dataset")]),
        ]
    )
    ents = _by_id(linking)
    assert ents["dataset:imagenet-1k"].variant_of == "dataset:imagenet"  # type: ignore[attr-defined]
    assert ents["dataset:imagenet-21k"].variant_of == "dataset:imagenet"  # type: ignore[attr-defined]
    assert ents["method:resnet-50"].variant_of == "method:resnet"  # type: ignore[attr-defined]
    val = ents["dataset:imagenet-val"]
    assert (val.subset_of, val.split) == ("dataset:imagenet", "val")  # type: ignore[attr-defined]
    # CIFAR-10 is named only through its split, and still gets a node.
    test_split = ents[linking.mentions[2][1]]
    assert test_split.subset_of == "dataset:cifar-10"  # type: ignore[attr-defined]
    assert ents["dataset:cifar-10"].mentions == 0  # type: ignore[attr-defined]


def test_variant_needs_an_existing_base() -> None:
    linking = link([_ex("a", [("ResNet-50", "Method")])])
    assert [e.variant_of for e in linking.entities] == [None]


def test_acronym_learnt_in_one_paper_applies_in_another() -> None:
    papers = [Paper("a", "t", "Graph neural networks (GNNs) work."), Paper("b", "t", "A GNN.")]
    exs = [
        Extraction("a", "t", (
            Mention("Graph neural networks", "Method", "abstract", 0, 21, "Graph neural networks"),
            Mention("GNNs", "Method", "abstract", 23, 27, "GNNs"),
        )),
        Extraction("b", "t", (Mention("GNN", "Method", "abstract", 2, 5, "GNN"),)),
    ]  # fmt: skip
    linking = link(exs, papers=papers)
    assert linking.mentions[0][0] == linking.mentions[0][1] == linking.mentions[1][0]
    (ent,) = linking.entities
    assert ent.name.lower() == "graph neural network"  # the long form, not the acronym
    assert dict(ent.aliases) == {"Graph neural networks": 1, "GNNs": 1, "GNN": 1}


def test_an_alias_broken_across_lines_is_the_alias_on_one_line() -> None:
    linking = link([_ex("a", [("large\nlanguage models", "Method")]), _ex("b", [("large language  models", "Method")]),
                    _ex("c", [("large language models", "Method")])])
    (ent,) = linking.entities
    assert dict(ent.aliases) == {"large language models": 3}
    assert ent.mentions == 3


def test_ambiguous_acronym_resolves_per_paper() -> None:
    exs = [
        _ex("a", [("SAM", "Method", "Segment Anything Model"), ("Segment Anything Model", "Method")]),
        _ex("b", [("SAM", "Method", "Sharpness-Aware Minimization"),
                  ("Sharpness-Aware Minimization", "Method")]),
        _ex("c", [("SAM", "Method")]),
    ]  # fmt: skip
    linking = link(exs)
    a, b, c = (linking.mentions[i][0] for i in range(3))
    assert a == linking.mentions[0][1] != b == linking.mentions[1][1]
    assert c not in (a, b)  # bare and ambiguous: its own node


def test_dominant_sense_claims_bare_uses() -> None:
    exs = [_ex(f"v{i}", [("ViT", "Method", "Vision Transformer")]) for i in range(3)]
    exs.append(_ex("w", [("ViT", "Method", "Visual Tokenizer")]))
    exs.append(_ex("x", [("ViT", "Method")]))
    linking = link(exs)
    ents = _by_id(linking)
    assert linking.mentions[4][0] == linking.mentions[0][0]
    assert ents[linking.mentions[0][0]].name == "Vision Transformer"  # type: ignore[attr-defined]
    assert linking.mentions[3][0] != linking.mentions[0][0]


def test_result_fields_link_to_entities_of_the_right_kind() -> None:
    r = Result(80.4, "80.4", "%", "top-1 accuracy", "ImageNet-val", "ResNet-50", None, "ResNet-18",
               "absolute", "s", "abstract", 0, 4)  # fmt: skip
    linking = link([_ex("a", [("ResNet-50", "Method"), ("ImageNet-val", "Dataset")], (r,))])
    rl = linking.results[0][0]
    ents = _by_id(linking)
    assert rl.method == linking.mentions[0][0]
    assert rl.dataset == linking.mentions[0][1]
    assert ents[rl.metric].kind == "Metric"  # type: ignore[index,attr-defined]
    assert ents[rl.baseline].kind == "Method"  # type: ignore[index,attr-defined]
    assert rl.task is None


def test_linking_is_deterministic() -> None:
    exs = [
        _ex("a", [("GNN", "Method", "graph neural network"), ("ImageNet-1K", "Dataset")]),
        _ex("b", [("ImageNet", "Dataset"), ("GNNs", "Method"), ("ResNet-50", "Method")]),
    ]
    assert link(exs) == link(list(exs))


def test_a_variant_takes_the_kind_of_its_well_attested_base() -> None:
    exs = [_ex(f"d{i}", [("ImageNet", "Dataset")]) for i in range(3)]
    exs.append(_ex("m", [("ImageNet-21K", "Method")]))
    ents = _by_id(link(exs))
    assert ents["dataset:imagenet-21k"].variant_of == "dataset:imagenet"  # type: ignore[attr-defined]
    assert "method:imagenet-21k" not in ents


def test_a_variant_is_always_of_its_own_kind() -> None:
    # "NAS-bench" is a Dataset in one sentence; its base "NAS" is a well-attested Method, so the
    # linker may move it to Method: a Dataset must then not stay a variant of it.
    from papergraph.graph import PaperGraph
    from papergraph.types import Extraction, Mention, Paper

    abstract = "NAS searches nets. NAS is costly. NAS helps. We test on NAS-bench and NASBench-201."
    ments = []
    for text, label in (("NAS", "Method"), ("NAS", "Method"), ("NAS", "Method"), ("NAS-bench", "Dataset"),
                        ("NASBench-201", "Dataset")):
        s = abstract.index(text, ments[-1].end if ments and ments[-1].text == text else 0)
        ments.append(Mention(text, label, "abstract", s, s + len(text), text, False, 0.9, "rules", abstract))
    kg = PaperGraph.from_records([Paper("p", "T", abstract)], [Extraction("p", "T", tuple(ments), ())])
    G = kg.to_networkx(copy=False)
    for u, v, rel in G.edges(keys=True):
        if rel == "variantOf":
            assert G.nodes[u]["kind"] == G.nodes[v]["kind"], (u, v)


def test_a_subset_is_always_of_a_dataset() -> None:
    # "FooNet-2 training set" takes "FooNet-2" as its dataset; FooNet is a well-attested Method, so the
    # linker moves "FooNet-2" to Method, a variant of it: the split must then not stay a subset of it.
    from papergraph.graph import PaperGraph
    from papergraph.types import Extraction, Mention, Paper

    abstract = "FooNet works. FooNet is fast. FooNet helps. We test on FooNet-2 and on the FooNet-2 training set."
    ments: list[Mention] = []
    for text, label in (("FooNet", "Method"), ("FooNet", "Method"), ("FooNet", "Method"), ("FooNet-2", "Dataset"),
                        ("FooNet-2 training set", "Dataset")):
        s = abstract.index(text, ments[-1].end if ments else 0)
        ments.append(Mention(text, label, "abstract", s, s + len(text), text, False, 0.9, "rules", abstract))
    kg = PaperGraph.from_records([Paper("p", "T", abstract)], [Extraction("p", "T", tuple(ments), ())])
    G = kg.to_networkx(copy=False)
    assert G.nodes["method:foonet-2"]["kind"] == "Method"  # the move this test is about happened
    for u, v, rel in G.edges(keys=True):
        if rel == "subsetOf":
            assert G.nodes[u]["kind"] == G.nodes[v]["kind"] == "Dataset", (u, v)


def test_long_forms_that_spell_an_acronym_with_the_same_words_are_one_sense() -> None:
    # Three papers define SGD with extra leading words or a typo; a fourth names the method itself.
    exs = [
        _ex("a", [("SGD", "Method", "layer-wise stochastic gradient descent"),
                  ("layer-wise stochastic gradient descent", "Method")]),
        _ex("b", [("SGD", "Method", "back-propagation stochastic gradient descent"),
                  ("back-propagation stochastic gradient descent", "Method")]),
        _ex("c", [("SGD", "Method", "Stochastic Gradient Decent"), ("Stochastic Gradient Decent", "Method")]),
        _ex("d", [("stochastic gradient descent", "Method"), ("SGD", "Method")]),
    ]  # fmt: skip
    linking = link(exs)
    ids = {m for paper in linking.mentions for m in paper}
    assert len(ids) == 1
    (ent,) = [e for e in linking.entities if e.id in ids]
    assert ent.papers == 4 and ent.name != "SGD"  # one entity, shown by a long form


def test_different_words_behind_one_acronym_stay_apart() -> None:
    exs = [
        _ex("a", [("SAM", "Method", "Segment Anything Model"), ("Segment Anything Model", "Method")]),
        _ex("b", [("SAM", "Method", "Sharpness-Aware Minimization"), ("Sharpness-Aware Minimization", "Method")]),
    ]  # fmt: skip
    linking = link(exs)
    assert linking.mentions[0][0] != linking.mentions[1][0]

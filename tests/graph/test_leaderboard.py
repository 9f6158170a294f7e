"""Leaderboards on a tiny hand-made graph: grouping, ordering, directions, review."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from papergraph.graph import PaperGraph
from papergraph.graph import model as M
from papergraph.graph.directions import canonical_metric, implausible, is_bounded, metric_direction
from papergraph.graph.leaderboard import (
    RECORD_FIELDS,
    Leaderboard,
    flat_records,
    unit_key,
)

# (paper, method, dataset, metric, value_text, unit, relation)
CLAIMS = [
    ("p1", "FooNet", "ImageNet", "top-1 accuracy", "81.2", "%", "absolute"),
    ("p2", "BarNet", "ImageNet", "Top-1", "84.0", "%", "absolute"),
    ("p3", "BazNet", "ImageNet-1K", "Top-1 Acc", "79.5", "%", "absolute"),
    ("p4", "QuxNet", "ImageNet", "Top-1 Accuracy", "84.0", "%", "absolute"),
    ("p5", "OddNet", "ImageNet", "Top-1", "285.9", None, "absolute"),
    ("p6", "FooNet", "ImageNet", "top-1 accuracy", "1.2", "pp", "improvement"),
    ("p1", "FooNet", "ImageNet", "FLOPs", "1.9", "%", "improvement"),
    ("p1", "FooNet", "ImageNet", "FLOPs", "4.1", "G", "absolute"),
    ("p2", "BarNet", "ImageNet", "FLOPs", "2.3", "G", "absolute"),
    ("p3", "BazNet", "ImageNet", "FLOPs", "3x", "x", "reduction"),
    ("p2", "BarNet", "ImageNet", "top-1 error", "16.0", None, "absolute"),
    ("p1", "FooNet", "ImageNet", "top-1 error", "18.8", None, "absolute"),
    ("p4", "QuxNet", "ImageNet", "MOS-X", "3.1", None, "absolute"),
    ("p5", "OddNet", "ImageNet", "MOS-X", "4.2", None, "absolute"),
    ("p3", "BazNet", "ImageNet", None, "77.0", "%", "absolute"),
    ("p2", "BarNet", "ImageNet", "accuracy", "80", "ms", "absolute"),
    ("p4", "QuxNet", "ImageNet", "Top-1 Accuracy", "84.0", "%", "absolute"),  # repeated claim
    ("p7", "ZedNet", "CIFAR-10", "accuracy", "99.0", "%", "absolute"),
]


def _entity(G: nx.MultiDiGraph, kind: str, name: str) -> str:
    n = M.node_id(kind, name)  # type: ignore[arg-type]
    if n not in G:
        G.add_node(n, kind=kind, label=name, aliases={name: 1}, mentions=1, papers=1)
    return n


def make_graph(claims: list[tuple] = CLAIMS) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    counts: dict[str, int] = {}
    base = _entity(G, "Dataset", "ImageNet")
    G.add_edge(_entity(G, "Dataset", "ImageNet-1K"), base, key=M.VARIANT_OF, relation=M.VARIANT_OF)
    for paper, method, dataset, metric, value_text, unit, relation in claims:
        pn = M.paper_node(f"arxiv:{paper}")
        if pn not in G:
            G.add_node(pn, kind="Paper", label=f"Paper {paper}", title=f"Paper {paper} title")
        n = counts.get(pn, 0)
        counts[pn] = n + 1
        rn = M.result_node(f"arxiv:{paper}", n)
        sentence = f"{method} reaches {value_text} {metric or ''} on {dataset}."
        start = sentence.index(value_text)
        G.add_node(rn, kind="Result", value=float(value_text.rstrip("x")), value_text=value_text,
                   unit=unit, relation=relation, metric=metric, dataset=dataset, method=method,
                   task=None, baseline=None, paper=pn, sentence=sentence, field="abstract",
                   start=start, end=start + len(value_text), confidence=0.8)  # fmt: skip
        G.add_edge(pn, rn, key=M.REPORTS, relation=M.REPORTS, paper=pn)
        G.add_edge(rn, _entity(G, "Dataset", dataset), key=M.HAS_DATASET, relation=M.HAS_DATASET)
        G.add_edge(rn, _entity(G, "Method", method), key=M.HAS_METHOD, relation=M.HAS_METHOD)
        if metric:
            G.add_edge(rn, _entity(G, "Metric", metric), key=M.HAS_METRIC, relation=M.HAS_METRIC)
    return G


@pytest.fixture(scope="module")
def kg() -> PaperGraph:
    return PaperGraph(make_graph())


@pytest.fixture(scope="module")
def boards(kg: PaperGraph) -> list[Leaderboard]:
    return kg.leaderboards("ImageNet")


def _table(boards: list[Leaderboard], key: str | None, unit: str | None) -> Leaderboard:
    return next(t for t in boards if t.metric_key == key and t.unit == unit)


# -- metric knowledge ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, key",
    [
        ("Top-1", "top-1 accuracy"),
        ("top-1 accuracy", "top-1 accuracy"),
        ("Top-1 Acc", "top-1 accuracy"),
        ("top1 acc. (%)", "top-1 accuracy"),
        ("TOP 5", "top-5 accuracy"),
        ("Top-1 error rate", "top-1 error"),
        ("accuracy", "accuracy"),  # not merged into top-1: that would be a guess
        ("Accuracies", "accuracy"),
        ("FLOPS", "flops"),
        ("FLOPs", "flops"),
        ("GFLOPs", "gflops"),  # another scale
        ("#Params", "parameters"),
        ("number of parameters", "parameters"),
        ("F1-score", "f1"),
        ("BLEU score", "bleu"),
        ("Fréchet Inception Distance", "fid"),
        ("Word Error Rate", "wer"),
        ("PPL", "perplexity"),
        ("Hits @ 10", "hits@10"),
        ("mAP", "map"),
    ],
)
def test_canonical_metric(name: str, key: str) -> None:
    assert canonical_metric(name) == key


@pytest.mark.parametrize(
    "name, direction",
    [
        ("top-1 accuracy", "higher"),
        ("Top-1", "higher"),
        ("F1", "higher"),
        ("BLEU", "higher"),
        ("mAP", "higher"),
        ("top-1 error", "lower"),
        ("latency", "lower"),
        ("FLOPs", "lower"),
        ("parameters", "lower"),
        ("perplexity", "lower"),
        ("FID", "lower"),
        ("WER", "lower"),
        ("training time", "lower"),
        ("memory efficiency", "higher"),
        ("MOS-X", None),
    ],
)
def test_metric_direction(name: str, direction: str | None) -> None:
    assert metric_direction(name) == direction


@pytest.mark.parametrize(
    "key, value, unit, flagged",
    [
        ("top-1 accuracy", 85.9, "%", False),
        ("top-1 accuracy", 0.859, None, False),
        ("top-1 accuracy", 285.9, None, True),
        ("top-1 accuracy", 101.0, "%", True),
        ("top-1 accuracy", -3.0, "%", True),
        ("accuracy", 80.0, "ms", True),
        ("f1", 91.0, "x", True),
        ("flops", 1.9, "%", True),  # a percentage of FLOPs is a change
        ("flops", 4.1, "G", False),
        ("latency", -2.0, "ms", True),
        ("perplexity", 0.5, None, True),
        ("perplexity", 12.3, None, False),
        ("fid", 2.81, None, False),
        ("cider", 120.5, None, False),  # CIDEr is not bounded by 100
        ("wer", 104.0, "%", False),  # insertions can push WER above 100%
        ("mos-x", 4.2, None, False),
        ("top-1 accuracy", float("nan"), "%", True),
    ],
)
def test_implausible(key: str, value: float, unit: str | None, flagged: bool) -> None:
    assert (implausible(key, value, unit) is not None) == flagged


@pytest.mark.parametrize(
    "key, bounded",
    [("top-1 accuracy", True), ("top-1 error", True), ("map", True), ("flops", False),
     ("mean absolute error", False), ("cider", False), ("latency", False)],
)  # fmt: skip
def test_is_bounded(key: str, bounded: bool) -> None:
    assert is_bounded(key) is bounded


@pytest.mark.parametrize(
    "unit, key", [(None, None), ("", None), ("%", "%"), ("points", "pp"), ("×", "x"), ("ms", "ms")]
)
def test_unit_key(unit: str | None, key: str | None) -> None:
    assert unit_key(unit) == key


# -- grouping and ordering -------------------------------------------------------


def test_groups_by_canonical_metric_and_unit_largest_first(boards: list[Leaderboard]) -> None:
    keys = [(t.metric_key, t.unit, len(t.rows)) for t in boards]
    assert keys[:4] == [
        ("top-1 accuracy", "%", 4),
        ("flops", "G", 2),
        ("mos-x", None, 2),
        ("top-1 error", None, 2),
    ]
    assert keys[-1] == (None, None, 0)  # claims without a metric come last
    assert all(t.dataset == "ImageNet" for t in boards)
    top1 = boards[0]
    # three metric entities share the table, named by the most common one
    # ("Top-1 Accuracy" and "top-1 accuracy" are one entity, metric:top-1-accuracy)
    assert top1.metric == "top-1 accuracy"
    assert {r.metric for r in top1.rows} == {"Top-1", "Top-1 Acc", "top-1 accuracy"}
    assert top1.title == f"{top1.metric} (%)"


@pytest.mark.parametrize(
    "key, unit, direction, expected, ranks",
    [
        # equal values share a rank; a variant (ImageNet-1K) ranks with its parent
        ("top-1 accuracy", "%", "higher", [84.0, 84.0, 81.2, 79.5], (1, 1, 3, 4)),
        ("top-1 error", None, "lower", [16.0, 18.8], (1, 2)),
        ("flops", "G", "lower", [2.3, 4.1], (1, 2)),
        ("mos-x", None, None, [3.1, 4.2], ()),  # unknown direction: paper order, no ranks
    ],
)
def test_best_first_within_each_table(
    boards: list[Leaderboard], key: str, unit: str | None, direction: str | None,
    expected: list[float], ranks: tuple[int, ...],
) -> None:  # fmt: skip
    t = _table(boards, key, unit)
    assert t.direction == direction
    assert [r.value for r in t.rows] == expected
    assert t.ranks == ranks


@pytest.mark.parametrize(
    "key, unit, value, code, reason",
    [
        ("top-1 accuracy", None, 285.9, "implausible", "above 100"),
        ("accuracy", "ms", 80.0, "implausible", "unit 'ms' does not fit"),
        ("top-1 accuracy", "%", 84.0, "duplicate", "repeats 84.0 of the same paper"),
        (None, None, 77.0, "no-metric", "names no metric"),
    ],
)
def test_unranked_rows_keep_their_reason(
    boards: list[Leaderboard], key: str | None, unit: str | None, value: float, code: str,
    reason: str,
) -> None:  # fmt: skip
    t = _table(boards, key, unit)
    hits = [u for u in t.unranked if u.row.value == value]
    assert len(hits) == 1 and hits[0].code == code and reason in hits[0].reason
    assert value not in [r.value for r in t.rows] or code == "duplicate"


def test_changes_are_gains_not_rows(kg: PaperGraph, boards: list[Leaderboard]) -> None:
    gains = kg.gains("ImageNet")
    assert [(g.value, g.unit, g.relation) for g in gains] == [
        (1.9, "%", "improvement"), (3.0, "x", "reduction"), (1.2, "pp", "improvement")
    ]  # fmt: skip  (paper order: p1, p3, p6)
    listed = {r.result for t in boards for r in t.rows} | {u.row.result for t in boards for u in t.unranked}
    assert not listed & {g.result for g in gains}
    assert [g.value for g in kg.gains("ImageNet", "FLOPs")] == [1.9, 3.0]


def test_nothing_is_dropped(kg: PaperGraph, boards: list[Leaderboard]) -> None:
    listed = [r.result for t in boards for r in t.rows] + [
        u.row.result for t in boards for u in t.unranked
    ] + [g.result for g in kg.gains("ImageNet")]  # fmt: skip
    on_imagenet = [c for c in CLAIMS if c[2] in ("ImageNet", "ImageNet-1K")]
    assert len(listed) == len(set(listed)) == len(on_imagenet)


def test_a_unitless_fraction_never_ranks_against_percentages() -> None:
    claims = [(f"q{i}", f"M{i}", "ImageNet", "top-1 error", v, u, "absolute")
              for i, (v, u) in enumerate([("21.0", None), ("19.5", "%"), ("0.243", None), ("0.7", "%")])]  # fmt: skip
    tables = {t.unit: t for t in PaperGraph(make_graph(claims)).leaderboards("ImageNet")}
    # 0.243 (a fraction) would otherwise top a lower-is-better table of percentages
    assert [r.value for r in tables["0-1"].rows] == [0.243]
    assert [r.value for r in tables["%"].rows] == [0.7, 19.5]
    assert [r.value for r in tables[None].rows] == [21.0]


# -- the flat list and filters ---------------------------------------------------


def test_flat_leaderboard_is_the_tables_in_order(kg: PaperGraph) -> None:
    rows = kg.leaderboard("ImageNet")
    assert [(r.metric, r.value) for r in rows[:4]] == [
        ("Top-1", 84.0), ("top-1 accuracy", 84.0), ("top-1 accuracy", 81.2), ("Top-1 Acc", 79.5)
    ]  # fmt: skip
    assert all(r.relation == "absolute" and r.status == "ranked" for r in rows)
    values = [r.value for r in rows]
    # need review or name no metric: leaderboards() lists them with the reason
    assert 285.9 not in values and 80.0 not in values and 77.0 not in values
    assert rows == [r for t in kg.leaderboards("ImageNet") for r in t.rows]


@pytest.mark.parametrize(
    "metric, keys",
    [
        ("Top-1", {"top-1 accuracy"}),
        ("top-1 acc", {"top-1 accuracy"}),
        ("accuracy", {"top-1 accuracy", "accuracy"}),  # containment, as before
        ("top-1 error", {"top-1 error"}),
        ("FLOPS", {"flops"}),
    ],
)
def test_metric_filter_uses_canonical_keys(kg: PaperGraph, metric: str, keys: set[str]) -> None:
    assert {t.metric_key for t in kg.leaderboards("ImageNet", metric)} == keys


def test_variants(kg: PaperGraph) -> None:
    exact = kg.leaderboards("ImageNet", "Top-1", include_variants=False)
    assert 79.5 not in [r.value for t in exact for r in t.rows]  # that one is on ImageNet-1K


def test_json_and_records_carry_provenance(boards: list[Leaderboard]) -> None:
    d = json.loads(json.dumps(boards[0].to_dict()))
    first = d["rows"][0]
    # start/end index the paper's field; here the sentence is the whole field
    assert first["rank"] == 1 and first["sentence"][first["start"] : first["end"]] == "84.0"
    assert d["direction"] == "higher" and d["unranked"][0]["reason"]
    recs = flat_records(boards, include_unranked=True)
    assert all(list(r) == list(RECORD_FIELDS) for r in recs)
    statuses = {r["status"] for r in recs}
    assert statuses == {"ranked", "unordered", "unranked"}
    assert len(flat_records(boards)) == sum(len(t.rows) for t in boards)


# -- the command -----------------------------------------------------------------


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from papergraph._io import atomic_write_jsonl
    from papergraph.types import Extraction, Mention, Paper, Result

    out = tmp_path_factory.mktemp("lb-build")
    texts = [
        ("arxiv:1", "FooNet", "FooNet reaches 81.2% top-1 accuracy on ImageNet.", "81.2", "%"),
        ("arxiv:2", "BarNet", "BarNet reaches 84.0% Top-1 on ImageNet.", "84.0", "%"),
        ("arxiv:3", "OddNet", "OddNet reaches 285.9 Top-1 on ImageNet.", "285.9", None),
    ]
    papers, extractions = [], []
    for pid, method, abstract, value, unit in texts:
        metric = "top-1 accuracy" if "accuracy" in abstract else "Top-1"
        paper = Paper(pid, f"{method}: a [bold]title[/bold]", abstract)

        def mention(text: str, label: str, abstract: str = abstract) -> Mention:
            s = abstract.index(text)
            return Mention(text, label, "abstract", s, s + len(text), text, sentence=abstract)

        s = abstract.index(value)
        result = Result(float(value), value, unit, metric, "ImageNet", method, None, None,
                        "absolute", abstract, "abstract", s, s + len(value), 0.9)  # fmt: skip
        mentions = (mention(method, "Method"), mention(metric, "Metric"), mention("ImageNet", "Dataset"))
        papers.append(paper)
        extractions.append(Extraction(pid, paper.title, mentions, (result,)))
    atomic_write_jsonl(out / "papers.jsonl", [p.to_dict() for p in papers])
    atomic_write_jsonl(out / "extractions.jsonl", [e.to_dict() for e in extractions])
    return out


def _run(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    import papergraph.cli.leaderboard  # noqa: F401  (registers the command)
    from papergraph.cli import app

    r = CliRunner().invoke(app, ["leaderboard", *args])
    return r.exit_code, r.output


def test_cli_table(build_dir: Path) -> None:
    code, text = _run(str(build_dir), "ImageNet")
    assert code == 0
    assert "higher is better" in text and "[bold]title[/bold]" in text  # names are not markup
    assert text.index("84.0%") < text.index("81.2%") and "285.9" not in text.split("claim(s)")[0]
    assert "--all lists them" in text
    code, text = _run(str(build_dir), "ImageNet", "--all", "--wide")  # the reasons in full, however wide
    assert code == 0 and "285.9" in text and "above 100" in text


def test_cli_json_and_csv(build_dir: Path) -> None:
    code, text = _run(str(build_dir), "ImageNet", "--format", "json")
    assert code == 0
    tables = json.loads(text)
    rows = tables[0]["rows"]
    assert [(r["rank"], r["value"]) for r in rows] == [(1, 84.0), (2, 81.2)]
    assert rows[0]["sentence"][rows[0]["start"] : rows[0]["end"]] == "84.0"
    # 285.9 without a unit is a table of its own, where it is flagged
    assert tables[1]["rows"] == [] and tables[1]["unranked"][0]["value"] == 285.9
    code, text = _run(str(build_dir), "ImageNet", "--format", "csv", "--all")
    lines = text.strip().splitlines()
    assert code == 0 and lines[0] == ",".join(RECORD_FIELDS) and len(lines) == 4


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["ImageNett"], 1, "no Dataset named 'ImageNett'"),
        (["ImageNet", "--format", "xml"], 2, "--format is table, json or csv"),  # a usage error
        (["ImageNet", "--metric", "recall"], 1, "no Metric named 'recall'"),
    ],
)
def test_cli_errors(build_dir: Path, args: list[str], code: int, message: str) -> None:
    got, text = _run(str(build_dir), *args)
    assert got == code and message in " ".join(text.split())


@pytest.mark.parametrize(
    "value_text, unit, shown",
    [("84.0", "%", "84.0%"), ("84.0%", "%", "84.0%"), ("1.1 points", "pp", "1.1 points"),
     ("80.0\\%", "%", "80.0\\%"), ("4.1", "G", "4.1 G"), ("+1.3", "pp", "+1.3 pp"), ("3", None, "3")],
)  # fmt: skip
def test_cli_value_as_written(value_text: str, unit: str | None, shown: str) -> None:
    from papergraph.cli.leaderboard import _value

    assert _value(value_text, unit) == shown


def test_an_unsure_binding_is_listed_not_ranked() -> None:
    G = make_graph([("q1", "FooNet", "ImageNet", "top-1 accuracy", "81.2", "%", "absolute"),
                    ("q2", "BarNet", "ImageNet", "top-1 accuracy", "84.0", "%", "absolute")])  # fmt: skip
    unsure = "result:arxiv:q2:0"
    G.nodes[unsure].update(confidence=0.55, reason="a measured value; unsure: dataset")
    (t,) = PaperGraph(G).leaderboards("ImageNet")
    assert [r.value for r in t.rows] == [81.2]
    assert [(u.row.value, u.code) for u in t.unranked] == [(84.0, "unsure")]
    assert "unsure which dataset" in t.unranked[0].reason

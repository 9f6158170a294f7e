"""The seeds dev set is self-consistent, and the scorer counts what it says it counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from papergraph.errors import InputError
from papergraph.evaluate.seeds import format_scores, load_gold, score_seeds
from papergraph.types import LABELS, Extraction, Mention, Result

GOLD = Path(__file__).resolve().parents[2] / "eval" / "seeds_dev.jsonl"

TITLE = "FooNet: Fast Image Classification"
ABSTRACT = "We propose FooNet and test it on ImageNet, reaching 81.2% top-1 accuracy, 2x faster than ResNet."


def _at(text: str, sub: str) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


def _gold_row() -> dict:
    ents = [("title", "FooNet", "Method"), ("title", "Image Classification", "Task"),
            ("abstract", "FooNet", "Method"), ("abstract", "ImageNet", "Dataset"),
            ("abstract", "top-1 accuracy", "Metric"), ("abstract", "ResNet", "Method")]
    text = {"title": TITLE, "abstract": ABSTRACT}
    return {
        "id": "p1",
        "entities": [{"field": f, "start": _at(text[f], s)[0], "end": _at(text[f], s)[1], "text": s, "label": lab}
                     for f, s, lab in ents],
        "proposed": ["FooNet"],
        "proposed_aliases": {"FooNet": ["Foo Network"]},
        "results": [{"field": "abstract", "start": _at(ABSTRACT, "81.2%")[0], "end": _at(ABSTRACT, "81.2%")[1],
                     "value_text": "81.2%", "value": 81.2},
                    {"field": "abstract", "start": _at(ABSTRACT, "2x")[0], "end": _at(ABSTRACT, "2x")[1],
                     "value_text": "2x", "value": 2.0}],
    }


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(_gold_row()) + "\n", encoding="utf-8")
    return p


def _mention(field: str, text: str, label: str, *, proposed: bool = False, canonical: str | None = None,
             sub: str | None = None) -> Mention:
    src = TITLE if field == "title" else ABSTRACT
    a, b = _at(src, sub or text)
    return Mention(text=src[a:b], label=label, field=field, start=a, end=b,  # type: ignore[arg-type]
                   canonical=canonical or src[a:b], proposed=proposed)


def _result(sub: str, value: float, *, shift: int = 0) -> Result:
    a, b = _at(ABSTRACT, sub)
    return Result(value=value, value_text=sub, unit=None, metric=None, dataset=None, method=None, task=None,
                  baseline=None, relation="absolute", sentence="", field="abstract", start=a + shift, end=b + shift)


def _perfect() -> Extraction:
    row = _gold_row()
    ents = tuple(Mention(text=e["text"], label=e["label"], field=e["field"], start=e["start"], end=e["end"],
                         canonical=e["text"], proposed=e["text"] == "FooNet") for e in row["entities"])
    return Extraction(id="p1", title=TITLE, entities=ents, results=(_result("81.2%", 81.2), _result("2x", 2.0)))


def test_perfect_predictions_score_one(gold_file: Path) -> None:
    s = score_seeds([_perfect()], gold_file)
    for label in LABELS:
        assert (s.exact[label].f1, s.lenient[label].f1) == (1.0, 1.0)
    assert (s.proposed.f1, s.results.f1) == (1.0, 1.0)
    assert "entities exact (micro)" in format_scores(s)


@pytest.mark.parametrize("preds", [[], {}, [Extraction(id="p1", title=TITLE)], [Extraction(id="other", title="x")]])
def test_empty_predictions_have_zero_recall(gold_file: Path, preds) -> None:
    s = score_seeds(preds, gold_file)
    for label in LABELS:
        assert s.exact[label].recall == 0.0 and s.exact[label].fp == 0
        assert s.exact[label].fn == sum(e["label"] == label for e in _gold_row()["entities"])
    assert (s.proposed.recall, s.proposed.fn) == (0.0, 1)
    assert (s.results.recall, s.results.fn) == (0.0, 2)


@pytest.mark.parametrize(
    "mention, exact, lenient",
    [
        (_mention("abstract", "ImageNet", "Dataset"), (1, 0, 0), (1, 0, 0)),
        # One character short: wrong for exact, right for lenient.
        (_mention("abstract", "ImageNe", "Dataset"), (0, 1, 1), (1, 0, 0)),
        # Right span, wrong label: a miss for Dataset either way.
        (_mention("abstract", "ImageNet", "Method"), (0, 0, 1), (0, 0, 1)),
        # Same offsets in the other field do not count.
        (Mention(text="x", label="Dataset", field="title", start=33, end=41, canonical="x"), (0, 1, 1), (0, 1, 1)),
    ],
)
def test_dataset_span_matching(gold_file: Path, mention: Mention, exact, lenient) -> None:
    s = score_seeds([Extraction(id="p1", title=TITLE, entities=(mention,))], gold_file)
    d_exact, d_len = s.exact["Dataset"], s.lenient["Dataset"]
    assert (d_exact.tp, d_exact.fp, d_exact.fn) == exact
    assert (d_len.tp, d_len.fp, d_len.fn) == lenient


@pytest.mark.parametrize(
    "mentions, counts",
    [
        ([_mention("title", "FooNet", "Method", proposed=True)], (1, 0, 0)),
        # Case-insensitive, and a proposed alias matches through the mention's canonical name.
        ([_mention("abstract", "FooNet", "Method", proposed=True, canonical="FOONET")], (1, 0, 0)),
        ([_mention("abstract", "FooNet", "Method", proposed=True, canonical="Foo Network")], (1, 0, 0)),
        # Two names of the same entity count once, not as a false positive.
        ([_mention("title", "FooNet", "Method", proposed=True),
          _mention("abstract", "FooNet", "Method", proposed=True, canonical="Foo Network")], (1, 0, 0)),
        ([_mention("abstract", "ResNet", "Method", proposed=True)], (0, 1, 1)),
        ([_mention("title", "FooNet", "Method")], (0, 0, 1)),
    ],
)
def test_proposed_matching(gold_file: Path, mentions: list[Mention], counts) -> None:
    s = score_seeds([Extraction(id="p1", title=TITLE, entities=tuple(mentions))], gold_file)
    assert (s.proposed.tp, s.proposed.fp, s.proposed.fn) == counts


@pytest.mark.parametrize(
    "results, counts",
    [
        ([_result("81.2%", 81.2)], (1, 0, 1)),
        ([_result("81.2", 81.2)], (1, 0, 1)),  # number without its unit still overlaps
        ([_result("81.2%", 0.812, shift=40)], (0, 1, 2)),  # elsewhere, other value
        ([_result("81.2%", 81.2, shift=40)], (1, 0, 1)),  # elsewhere, same value
        ([_result("81.2%", 81.2), _result("81.2%", 81.2)], (1, 1, 1)),  # a gold result matches once
        ([_result("2x", 2.0), _result("81.2%", 81.2), _result("ResNet", 50.0)], (2, 1, 0)),
    ],
)
def test_result_matching(gold_file: Path, results: list[Result], counts) -> None:
    s = score_seeds([Extraction(id="p1", title=TITLE, results=tuple(results))], gold_file)
    assert (s.results.tp, s.results.fp, s.results.fn) == counts


@pytest.mark.parametrize(
    "patch, message",
    [
        ({"entities": [{"field": "body", "start": 0, "end": 3, "text": "Foo", "label": "Method"}]}, "bad span"),
        ({"entities": [{"field": "title", "start": 0, "end": 3, "text": "Foo", "label": "Model"}]}, "not one of"),
        ({"proposed": "FooNet"}, "'proposed'"),
    ],
)
def test_load_gold_rejects_bad_rows(tmp_path: Path, patch: dict, message: str) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps({**_gold_row(), **patch}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_gold(p)
    assert ":1:" in str(info.value)


# --- the shipped dev set -------------------------------------------------------------------------

def test_gold_matches_seed_text(seeds_dir: Path) -> None:
    from papergraph.ingest import read_papers

    gold = load_gold(GOLD)
    papers = sorted(read_papers([seeds_dir]).papers, key=lambda p: p.id)
    # The fixed selection rule of eval/README.md: every 10th paper by id, the first 40.
    assert [g.id for g in gold] == [p.id for p in papers[::10][:40]]
    by_id = {p.id: p for p in papers}
    for g in gold:
        paper = by_id[g.id]
        text = {"title": paper.title, "abstract": paper.abstract}
        spans = sorted((e.field, e.start, e.end) for e in g.entities)
        for e in g.entities:
            assert text[e.field][e.start : e.end] == e.text, (g.id, e)
            assert e.label in LABELS
        for a, b in zip(spans, spans[1:], strict=False):
            assert a[0] != b[0] or a[2] <= b[1], (g.id, a, b)  # spans never overlap
        for r in g.results:
            assert text[r.field][r.start : r.end] == r.value_text, (g.id, r)
            number = re.search(r"\d+(?:\.\d+)?", r.value_text)
            assert number and float(number.group()) == r.value
        names = {e.text.casefold() for e in g.entities}
        for name in g.proposed:
            assert name.casefold() in names, (g.id, name)
            assert all(a.casefold() in names for a in g.aliases.get(name, ()))

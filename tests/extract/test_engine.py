"""The extractor contract, the output schema on real seeds, the gazetteer build and eval."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from papergraph.evaluate.entities import Score, tdmsci_heldout
from papergraph.extract import Extractor, load_extractor
from papergraph.extract.normalize import normalize
from papergraph.training.gazetteer import build_entries
from papergraph.types import Extraction, Paper

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "extraction.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return load_extractor(use_model=False)


def test_extraction_restores_the_callers_gc_state(extractor):
    import gc

    papers = [Paper(id=str(i), title="FooNet", abstract="We propose FooNet. It gets 90.1% on CIFAR-10.") for i in range(5)]
    old = gc.get_threshold()
    try:
        gc.set_threshold(321, 9, 8)
        seen = [(gc.isenabled(), gc.get_threshold()) for _ in extractor.extract(papers, batch_size=2)]
        assert seen == [(True, (321, 9, 8))] * 5  # between batches, the caller's own setting
        assert gc.isenabled() and gc.get_threshold() == (321, 9, 8)
        gc.disable()  # collection switched off by the caller stays off
        assert len(list(extractor.extract(papers))) == 5
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*old)


def test_batches_leave_no_garbage_for_the_collector(extractor):
    import gc

    papers = [Paper(id=str(i), title=f"Net{i}: A Model", abstract=f"We propose Net{i}. It gets {80 + i}.1% on CIFAR-10.")
              for i in range(40)]
    list(extractor.extract(papers[:2]))  # caches warm
    gc.collect()
    gc.disable()
    try:
        assert len(list(extractor.extract(papers, batch_size=16))) == 40
        assert gc.collect() == 0  # reference counting freed every batch: turning the collector off loses nothing
    finally:
        gc.enable()


def test_load_extractor_is_cached(extractor):
    assert load_extractor(use_model=False) is extractor
    assert "pg_gazetteer" in extractor.nlp.pipe_names


def test_one_extraction_per_paper_in_order(extractor):
    papers = [
        Paper(id="a", title="FooNet: Fast Nets", abstract="We propose FooNet. It gets 90.1% accuracy on CIFAR-10."),
        Paper(id="b", title="", abstract=""),
        Paper(id="c", title="Nothing here", abstract="plain words only"),
    ]
    out = list(extractor.extract(papers, batch_size=2))
    assert [e.id for e in out] == ["a", "b", "c"]
    assert out[1].entities == () and out[1].results == ()
    assert extractor.extract_one(papers[0]) == out[0]


def test_parallel_matches_serial(extractor):
    papers = [Paper(id=str(i), title=f"Net{i}V2: A Model", abstract=f"We propose Net{i}V2. It reaches {70 + i}.5% accuracy on ImageNet.") for i in range(6)]
    serial = list(extractor.extract(papers))
    parallel = list(extractor.extract(papers, n_process=2, batch_size=2))
    assert parallel == serial


def test_offsets_index_original_strings(extractor):
    abstract = "We present\nFooNet, which uses 0.3\\% of its\nweights and reaches 81.0\\% top-1 accuracy on ImageNet."
    ex = extractor.extract_one(Paper(id="x", title="FooNet: Sparse $\\times$ Nets", abstract=abstract))
    assert ex.entities
    for m in ex.entities:
        src = abstract if m.field == "abstract" else ex.title
        assert src[m.start : m.end] == m.text
        assert m.text in m.sentence or m.sentence == ""
    (r,) = [r for r in ex.results if r.value == 81.0]
    # The offsets index the text as given; the value is stored without its LaTeX.
    assert abstract[r.start : r.end] == "81.0\\%"
    assert r.value_text == "81.0%"
    assert r.unit == "%"


def test_roundtrip_to_dict(extractor):
    ex = extractor.extract_one(Paper(id="x", title="", abstract="We propose FooNet. It gets 3.1x speedup on COCO."))
    assert Extraction.from_dict(json.loads(json.dumps(ex.to_dict()))) == ex


def _seed_papers(seeds_dir: Path) -> list[Paper]:
    from papergraph.ingest import read_papers

    return list(read_papers([seeds_dir]).papers)


@pytest.mark.slow
def test_seed_output_validates_against_schema(extractor, seeds_dir):
    papers = _seed_papers(seeds_dir)
    assert len(papers) > 100
    labels: Counter[str] = Counter()
    n_results = 0
    for paper, ex in zip(papers, extractor.extract(papers), strict=True):
        d = ex.to_dict()
        jsonschema.validate(d, SCHEMA)
        for m in d["entities"]:
            src = paper.title if m["field"] == "title" else paper.abstract
            assert src[m["start"] : m["end"]] == m["text"]
            labels[m["label"]] += 1
        for r in d["results"]:
            src = paper.title if r["field"] == "title" else paper.abstract
            # offsets index the text as written; value_text is that span with
            # LaTeX and markup removed ("79\\%" is stored as "79%")
            assert normalize(src[r["start"] : r["end"]]).text == r["value_text"]
        n_results += len(d["results"])
    assert all(labels[k] > 20 for k in ("Method", "Dataset", "Task", "Metric")), labels
    assert n_results > 50


def test_gazetteer_build_filters_junk(tmp_path):
    rows = {
        "methods.jsonl": [{"name": "Adam"}, {"name": "ResNet-50"}, {"name": "Convolution"}],
        "datasets.jsonl": [{"name": "Attention"}, {"name": "CMRC 2018 (Chinese Machine Reading Comprehension 2018)"}, {"name": "1"}, {"name": "ImageNet"}],
        "tasks.jsonl": [{"name": "Image Classification"}, {"name": "Geometrical View"}, {"name": "Translation nob-eng"}],
        "metrics.jsonl": [{"name": "mIoU (19 classes)"}, {"name": "Replace"}, {"name": "BLEU"}, {"name": "ResNet-50"}],
    }
    for name, items in rows.items():
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    counts = Counter({"attention": 500, "Attention": 20, "convolution": 300, "Convolution": 40})
    entries = build_entries(tmp_path, counts)
    got = {(e["text"], e["label"]) for e in entries}
    assert ("Adam", "Method") in got and ("ResNet-50", "Method") in got
    assert ("ImageNet", "Dataset") in got and ("CMRC 2018", "Dataset") in got
    assert ("image classification", "Task") in got and ("BLEU", "Metric") in got
    assert ("mIoU", "Metric") in got
    for junk in ("Attention", "Convolution", "1", "geometrical view", "Replace", "19 classes"):
        assert junk not in {e["text"] for e in entries}
    assert ("ResNet-50", "Metric") not in got
    assert entries == build_entries(tmp_path, counts)  # deterministic


def test_tdmsci_heldout_slice_is_fixed():
    rows = [{"id": f"t-{i:04d}"} for i in range(10)][::-1]
    assert [r["id"] for r in tdmsci_heldout(rows)] == ["t-0008", "t-0009"]


@pytest.mark.parametrize("tp, fp, fn, f1", [(5, 0, 0, 1.0), (0, 3, 2, 0.0), (2, 2, 2, 0.5)])
def test_score(tp, fp, fn, f1):
    assert Score(tp, fp, fn).f1 == pytest.approx(f1)


def test_fast_records_equal_the_dataclass_constructor():
    import dataclasses

    from papergraph.extract.engine import _SETTERS, _record
    from papergraph.types import Mention, Result

    for cls in (Mention, Result):  # one slot setter per field, in declaration order
        names = tuple(f.name for f in dataclasses.fields(cls))
        assert _SETTERS[cls] == tuple(getattr(cls, n).__set__ for n in names), cls.__name__
    m_values = ("FooNet", "Method", "abstract", 3, 9, "FooNet", True, 0.75, "patterns", "We propose FooNet.", False)
    r_values = (
            90.1, "90.1%", "%", "accuracy", "CIFAR-10", "FooNet", None, None, "absolute", "s", "abstract", 1, 6, 0.8,
            "score", "none", "metric and verb of attainment",
        )
    for cls, values in ((Mention, m_values), (Result, r_values)):
        fast, slow = _record(cls, values), cls(*values)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.start = 0  # still frozen
    with pytest.raises(ValueError):
        _record(Mention, m_values[:-1])  # every field must be given



def test_batches_run_component_by_component_as_each_paper_alone(extractor, corpus_path):
    # The serial path runs each component over a whole batch before the next one; a
    # paper's extraction must not depend on that order or on the batch it falls in.
    import gzip
    from itertools import islice

    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, 150)]
    papers = [Paper(id=str(r["id"]), title=r.get("title") or "", abstract=r.get("abstract") or "") for r in rows]
    alone = [extractor.extract_one(p) for p in papers]
    assert list(extractor.extract(papers, batch_size=64)) == alone
    assert list(extractor.extract(papers[::-1], batch_size=7)) == alone[::-1]
    assert sum(len(e.entities) for e in alone) > 1000


def test_extract_command_streams_every_row_and_counts_them(extractor, tmp_path):
    from typer.testing import CliRunner

    from papergraph.cli import app
    from papergraph.pipeline import read

    src = Path(__file__).resolve().parents[2] / "examples" / "papers.jsonl"
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    want = [e.to_dict() for e in extractor.extract(read([src]).papers)]
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got == want and len(got) > 3
    ents, res = sum(len(r["entities"]) for r in want), sum(len(r["results"]) for r in want)
    assert f"wrote {len(want)} papers ({ents} entity mentions, {res} results)" in " ".join(result.output.split())


def test_a_paper_made_in_code_with_an_over_long_abstract_is_read_up_to_the_cap() -> None:
    from papergraph.extract import load_extractor
    from papergraph.ingest.records import MAX_TEXT_CHARS

    abstract = "We propose FooNet for image classification. " * 30_000  # 1.35M characters
    ex = load_extractor(use_model=False).extract_one(Paper("p", "FooNet", abstract))
    assert ex.entities and all(m.end <= MAX_TEXT_CHARS for m in ex.entities if m.field == "abstract")
    assert all(abstract[m.start : m.end] == m.text for m in ex.entities if m.field == "abstract")

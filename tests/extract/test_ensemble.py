"""The NER ensemble (members that vote) and the inference speed-ups that must not change output."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from thinc.api import NumpyOps
from typer.testing import CliRunner

from papergraph.errors import PapergraphError
from papergraph.extract import ensemble, ner, ner_runtime

needs_model = pytest.mark.skipif(not ner.has_model(), reason="no shipped NER model in papergraph/data/ner")

TEXTS = [
    "We fine-tune BERT on SQuAD for question answering and report F1 score.",
    "Our convolutional neural network improves top-1 accuracy on ImageNet for image classification.",
    "",
    "Graph neural networks (GNNs) reach 81.5% accuracy on Cora for node classification.",
    "We propose LoRA-X, a low-rank adapter, and evaluate BLEU on WMT14 En-De machine translation.",
]


# --- voting ---------------------------------------------------------------------


def test_vote_keeps_majority_spans_with_mean_confidence() -> None:
    a = [(0, 2, "Method", 0.9), (5, 7, "Task", 0.6)]
    b = [(0, 2, "Method", 0.6), (5, 7, "Dataset", 0.8), (9, 10, "Metric", 0.9)]
    c = [(0, 2, "Method", 0.3), (5, 7, "Task", 0.9)]
    got = ensemble.vote_entities([a, b, c], 3)
    assert [g[:3] for g in got] == [(0, 2, "Method"), (5, 7, "Task")]
    assert got[0][3] == pytest.approx(0.6)  # (0.9 + 0.6 + 0.3) / 3
    assert got[1][3] == pytest.approx(0.5)  # (0.6 + 0.9) / 3: the dissenting model counts as 0


def test_vote_of_one_model_is_that_model() -> None:
    ents = [(0, 2, "Method", 0.7), (3, 4, "Task", 0.2)]
    assert ensemble.vote_entities([ents], 1) == ents


def test_vote_of_two_needs_both() -> None:
    assert ensemble.vote_entities([[(0, 1, "Task", 0.5)], []], 2) == []


_span = st.tuples(st.integers(0, 12), st.integers(1, 4), st.sampled_from(["Method", "Task"]))


def _one_model(draw_spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str, float]]:
    """Non-overlapping spans, as one greedy decoder would give them."""
    out, last = [], 0
    for start, length, label in sorted(draw_spans):
        if start >= last:
            out.append((start, start + length, label, 0.5))
            last = start + length
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_span, max_size=5), min_size=1, max_size=5))
def test_voted_spans_never_overlap(models: list[list[tuple[int, int, str]]]) -> None:
    got = ensemble.vote_entities([_one_model(m) for m in models], len(models))
    for (s0, e0, *_), (s1, _, *_) in zip(got, got[1:], strict=False):
        assert e0 <= s1 and s0 < s1


# --- inference speed-ups -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40), st.integers(1, 30), st.integers(1, 30), st.booleans(), st.booleans(), st.booleans()
)
def test_matmul_ops_gemm_matches_thinc(m: int, k: int, n: int, t1: bool, t2: bool, use_out: bool) -> None:
    rng = numpy.random.default_rng(m * 10_000 + k * 100 + n)
    x = rng.standard_normal((k, m) if t1 else (m, k)).astype("f")
    y = rng.standard_normal((n, k) if t2 else (k, n)).astype("f")
    want = NumpyOps().gemm(x, y, trans1=t1, trans2=t2)
    ops = ner_runtime.MatmulOps()
    if use_out:
        out = numpy.empty((m, n), dtype="f")
        got = ops.gemm(x, y, out=out, trans1=t1, trans2=t2)
        assert got is out
    else:
        got = ops.gemm(x, y, trans1=t1, trans2=t2)
    assert got.dtype == numpy.float32 and got.shape == (m, n)
    numpy.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


@needs_model
@pytest.mark.parametrize("capacity", [10_000, 40])
def test_floret_rows_equal_get_batch(capacity: int) -> None:
    model = ner.load_model()
    vectors = model.vocab.vectors
    cache = ner_runtime.FloretRows(vectors, capacity=capacity)
    for text in TEXTS * 2:  # the second pass reads rows back from the cache (or refills a small one)
        doc = model.make_doc(text)
        keys = doc.to_array("ORTH")
        if len(keys):
            numpy.testing.assert_array_equal(cache.rows(keys), vectors.get_batch(keys))
    assert len(cache) <= capacity


@needs_model
def test_prepared_model_tags_as_the_plain_one() -> None:
    plain = ner.load_model(cache=False)
    fast = ner_runtime.prepare(ner.load_model(cache=False))
    assert ner_runtime.prepare(fast) is fast  # idempotent: the vector lookup is wrapped once
    want = list(plain.pipe(TEXTS))
    got = list(fast.pipe(TEXTS))
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in got] == [
        [(e.start, e.end, e.label_) for e in d.ents] for d in want
    ]
    for a, b in zip(got, want, strict=True):
        if len(a):
            numpy.testing.assert_allclose(a.tensor, b.tensor, rtol=1e-3, atol=1e-4)


def test_one_blas_thread_is_a_context() -> None:
    with ner_runtime.one_blas_thread():
        assert numpy.ones((3, 3), dtype="f") @ numpy.ones((3, 1), dtype="f") == pytest.approx(3)


# --- members -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped first model with itself packed twice as members."""
    if not ner.has_model():
        pytest.skip("no shipped NER model in papergraph/data/ner")
    root = tmp_path_factory.mktemp("ens") / "ner"
    shutil.copytree(ner.MODEL_DIR, root, ignore=shutil.ignore_patterns(ensemble.MEMBERS))
    (root / ensemble.MEMBERS).mkdir()
    for name in ("b", "a"):
        ensemble.pack_member(ner.MODEL_DIR, root / ensemble.MEMBERS / name)
    return root


def test_packed_member_is_float16_without_vocabulary(packed: Path) -> None:
    member = packed / ensemble.MEMBERS / "a"
    assert not (member / "vocab").exists() and not (member / "tokenizer").exists()
    assert (member / "priors.json").is_file()
    first = sum(f.stat().st_size for f in (ner.MODEL_DIR / "tok2vec").iterdir())
    ours = sum(f.stat().st_size for f in (member / "tok2vec").iterdir())
    assert ours < 0.6 * first
    assert [p.name for p in ensemble.member_dirs(packed)] == ["a", "b"]


def test_member_loads_on_the_first_models_vocab_as_float32(packed: Path) -> None:
    first = ner.load_model()
    member = ensemble.load_member(packed / ensemble.MEMBERS / "a", first.vocab)
    assert member.vocab is first.vocab
    for (name, proc), (_, ref) in zip(member.pipeline, first.pipeline, strict=True):
        for node, node_ref in zip(proc.model.walk(), ref.model.walk(), strict=True):
            for p in node.param_names:
                if node.has_param(p):
                    value = node.get_param(p)
                    assert value.dtype == numpy.float32, (name, node.name, p)
                    numpy.testing.assert_allclose(value, node_ref.get_param(p), rtol=2e-3, atol=1e-4)


def test_ensemble_component_votes_its_members(packed: Path) -> None:
    nlp = spacy.blank("en")
    assert ner.add_ner(nlp, model_dir=packed)
    comp = nlp.get_pipe("ner_model")
    assert comp.n_models == 3
    single = spacy.blank("en")
    ner.add_ner(single, model_dir=packed, ensemble=False)
    assert single.get_pipe("ner_model").n_models == 1
    # Three copies of one model (two of them rounded to float16) agree on these texts.
    for a, b in zip(nlp.pipe(TEXTS), single.pipe(TEXTS), strict=True):
        assert [(s.start, s.end, s.label_) for s in a.spans["ner"]] == [
            (s.start, s.end, s.label_) for s in b.spans["ner"]
        ]
        numpy.testing.assert_allclose(a.spans["ner"].attrs["scores"], b.spans["ner"].attrs["scores"], atol=0.02)


@needs_model
def test_one_model_three_times_gives_its_own_spans_and_scores() -> None:
    model = ner.load_model()
    one = ner.NerModel(model)
    three = ner.NerModel(model, None, [(model, None), (model, None)])
    docs_one = list(one.pipe([model.make_doc(t) for t in TEXTS]))
    docs_three = list(three.pipe([model.make_doc(t) for t in TEXTS]))
    for a, b in zip(docs_one, docs_three, strict=True):
        assert [(s.start, s.end, s.label_) for s in a.spans["ner"]] == [
            (s.start, s.end, s.label_) for s in b.spans["ner"]
        ]
        assert b.spans["ner"].attrs["scores"] == pytest.approx(a.spans["ner"].attrs["scores"])


def test_members_must_share_the_vocabulary(packed: Path) -> None:
    first = ner.load_model()
    other = spacy.load(packed)  # its own vocabulary
    with pytest.raises(PapergraphError, match="share the first model's vocabulary"):
        ner.NerModel(first, None, [(other, None)])


def test_install_member_checks_the_vectors(packed: Path, tmp_path: Path) -> None:
    target = tmp_path / "ner"
    shutil.copytree(packed, target)
    got = ensemble.install_member(ner.MODEL_DIR, target, "seed9")
    assert got == target / ensemble.MEMBERS / "seed9" and (got / "ner").is_dir()
    novec = tmp_path / "novec"
    spacy.blank("en").to_disk(novec)
    with pytest.raises(PapergraphError, match="other static vectors"):
        ensemble.install_member(novec, target, "x")
    with pytest.raises(PapergraphError, match="member name"):
        ensemble.install_member(ner.MODEL_DIR, target, "../up")
    with pytest.raises(PapergraphError, match="install the first model"):
        ensemble.install_member(ner.MODEL_DIR, tmp_path / "missing", "x")


def test_train_refuses_install_and_install_member_together() -> None:
    from papergraph.cli import app

    result = CliRunner().invoke(app, ["train", "--install", "--install-member", "x"])
    assert result.exit_code != 0
    assert "not both" in result.output


# --- what ships ----------------------------------------------------------------------


@needs_model
def test_shipped_model_fits_the_size_budget() -> None:
    total = sum(f.stat().st_size for f in ner.MODEL_DIR.rglob("*") if f.is_file())
    assert total < 26 * 2**20, f"{total / 2**20:.1f} MiB"


@needs_model
def test_shipped_members_vote_and_single_model_runs_the_first_alone() -> None:
    from papergraph.extract import load_extractor

    members = ensemble.member_dirs(ner.MODEL_DIR)
    assert len(members) == 2, "the shipped NER is three models that vote (docs/model.md)"
    voting = load_extractor(ensemble=True).nlp.get_pipe("ner_model")
    single = load_extractor(ensemble=False).nlp.get_pipe("ner_model")
    assert (voting.n_models, single.n_models) == (3, 1)
    assert voting.model is single.model  # one first model per process, shared


def test_single_model_flag_on_the_cli(tmp_path: Path) -> None:
    import json

    from papergraph.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "title": "LoRA-X", "abstract": TEXTS[4]}) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "-q", "--single-model"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["title"] == "LoRA-X" and row["entities"]

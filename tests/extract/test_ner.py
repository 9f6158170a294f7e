"""The trained NER component: loading, span/score contract, CLI and a smoke training run."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from papergraph.errors import PapergraphError
from papergraph.evaluate.scoring import PRF
from papergraph.evaluate.spans import score
from papergraph.extract import ner
from papergraph.training.corpus import (
    GoldText,
    _join_abbreviations,
    read_gold,
    read_silver,
    tdmsci_dev_start,
)
from papergraph.training.ner import to_docbin, vote

needs_model = pytest.mark.skipif(not ner.has_model(), reason="no shipped NER model in papergraph/data/ner")

OBVIOUS = (
    "We fine-tune BERT on SQuAD for question answering and report F1 score. "
    "Our convolutional neural network improves accuracy on ImageNet for image classification."
)


@pytest.fixture(scope="module")
def tagged() -> spacy.tokens.Doc:
    nlp = spacy.blank("en")
    assert ner.add_ner(nlp)
    return nlp(OBVIOUS)


def test_add_ner_without_model_adds_nothing(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    assert ner.add_ner(nlp, model_dir=tmp_path) is False
    assert nlp.pipe_names == []


def test_load_model_without_model_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(PapergraphError, match="papergraph train"):
        ner.load_model(tmp_path)


@needs_model
def test_add_ner_on_blank_pipeline_names_the_component() -> None:
    nlp = spacy.blank("en")
    assert ner.add_ner(nlp) is True
    assert nlp.pipe_names == ["ner_model"]


@needs_model
def test_model_is_loaded_once() -> None:
    assert ner.load_model() is ner.load_model()


@needs_model
def test_scores_are_probabilities_aligned_with_spans(tagged: spacy.tokens.Doc) -> None:
    group = tagged.spans["ner"]
    scores = group.attrs["scores"]
    assert len(group) > 0
    assert len(scores) == len(group)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert {s.label_ for s in group} <= {"Method", "Dataset", "Task", "Metric"}
    starts = [s.start for s in group]
    assert starts == sorted(starts)


@needs_model
@pytest.mark.parametrize(
    "text, label",
    [
        ("SQuAD", "Dataset"),
        ("question answering", "Task"),
        ("F1 score", "Metric"),
        ("accuracy", "Metric"),
        ("BERT", "Method"),
        ("convolutional neural network", "Method"),
        ("ImageNet", "Dataset"),
        ("image classification", "Task"),
    ],
)
def test_obvious_entities_are_tagged(tagged: spacy.tokens.Doc, text: str, label: str) -> None:
    found = {(s.text, s.label_) for s in tagged.spans["ner"]}
    assert (text, label) in found, sorted(found)


@needs_model
def test_host_tokenizer_may_differ() -> None:
    # A whitespace-only host tokenizer leaves "(SQuAD)." as one token: the span expands to it.
    nlp = spacy.blank("en")
    nlp.tokenizer = lambda text: spacy.tokens.Doc(nlp.vocab, words=text.split(" "))
    ner.add_ner(nlp)
    doc = nlp("We report results on the question answering benchmark (SQuAD).")
    for span in doc.spans["ner"]:
        assert span.doc is doc
    assert len(doc.spans["ner"].attrs["scores"]) == len(doc.spans["ner"])


@needs_model
def test_pipeline_on_the_model_vocab_tags_its_own_docs_as_a_separate_host_would() -> None:
    from papergraph.extract.engine import build_nlp
    from papergraph.extract.tokenizer import blank_nlp

    shared = build_nlp(use_model=True)
    assert shared.vocab is ner.load_model().vocab  # one vocabulary, one tokenization
    separate = blank_nlp()
    ner.add_ner(separate)
    texts = [OBVIOUS, "", "Graph neural networks (GNNs) reach 81.2% top-1 accuracy on ogbn-arxiv."]
    for a, b in zip(shared.pipe(texts), separate.pipe(texts), strict=True):
        got = [(s.start_char, s.end_char, s.label_) for s in a.spans["ner"]]
        assert got == [(s.start_char, s.end_char, s.label_) for s in b.spans["ner"]]
        assert a.spans["ner"].attrs["scores"] == pytest.approx(b.spans["ner"].attrs["scores"])
        assert not a.ents  # decoding's working annotation is cleared; the result is the span group
    assert any(len(d.spans["ner"]) for d in shared.pipe(texts))


@needs_model
def test_empty_and_batched_docs() -> None:
    nlp = spacy.blank("en")
    ner.add_ner(nlp)
    docs = list(nlp.pipe(["", OBVIOUS, "   "], batch_size=2))
    assert [len(d.spans["ner"]) for d in docs][0::2] == [0, 0]
    assert len(docs[1].spans["ner"]) > 0


@pytest.mark.parametrize("n, first_dev", [(1523, 1218), (10, 8), (5, 4), (0, 0)])
def test_tdmsci_dev_is_last_fifth(n: int, first_dev: int) -> None:
    assert tdmsci_dev_start(n) == first_dev


def test_score_counts_exact_span_and_type() -> None:
    gold = [GoldText("scierc", "a", "x" * 40, ((0, 4, "Method"), (10, 20, "Task")))]
    pred = [[(0, 4, "Method"), (10, 19, "Task"), (30, 35, "Metric")]]
    s = score(gold, pred)
    assert s["all"]["ALL"] == PRF(tp=1, fp=2, fn=1)
    assert s["scierc"]["Method"].f1 == 1.0
    assert s["scierc"]["Task"] == PRF(tp=0, fp=1, fn=1)


def test_to_docbin_maps_labels_and_drops_overlaps() -> None:
    nlp = spacy.blank("en")
    text = "We train ResNet on CIFAR-10 data."
    gold = GoldText(
        "scierc", "k", text, ((9, 15, "Method"), (9, 27, "Method"), (19, 27, "Dataset"), (20, 23, "Task"))
    )
    db, dropped = to_docbin([gold], nlp)
    (doc,) = db.get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("ResNet on CIFAR-10", "Method")]
    assert dropped == 3


@pytest.mark.parametrize(
    "aux, expected",
    [
        # Auxiliary spans fill free tokens; a real type wins any overlap.
        (
            ((0, 2, "Generic"), (16, 18, "OST"), (19, 27, "OST"), (28, 32, "OST")),
            [("We", "Generic"), ("ResNet", "Method"), ("on", "OST"), ("CIFAR-10 data", "Method")],
        ),
        ((), [("ResNet", "Method"), ("CIFAR-10 data", "Method")]),
    ],
)
def test_to_docbin_adds_aux_labels_only_where_free(aux: tuple, expected: list) -> None:
    nlp = spacy.blank("en")
    text = "We train ResNet on CIFAR-10 data."
    gold = GoldText("scierc", "k", text, ((9, 15, "Method"), (19, 32, "Method")), aux=aux)
    db, dropped = to_docbin([gold], nlp)
    (doc,) = db.get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in doc.ents] == expected
    assert dropped == 0


def test_read_gold_aux_labels_come_from_scierc_only(train_dir: Path) -> None:
    plain = read_gold(train_dir, split="train")
    with_aux = read_gold(train_dir, split="train", aux=True)
    assert [g.spans for g in plain] == [g.spans for g in with_aux]
    aux_labels = {(g.corpus, lab) for g in with_aux for _, _, lab in g.aux}
    assert aux_labels == {("scierc", "OST"), ("scierc", "Generic")}
    assert not any(g.aux for g in plain)


def test_training_only_labels_are_dropped_from_predictions() -> None:
    doc = spacy.blank("en")("the model uses BERT features")
    group = ner._to_host(doc, doc, [(0, 2, "Generic", 0.9), (3, 4, "Method", 0.8), (4, 5, "OST", 0.7)])
    assert [(s.text, s.label_) for s in group] == [("BERT", "Method")]
    assert group.attrs["scores"] == [0.8]


def test_read_gold_maps_material_and_keeps_tdmsci_dev_apart(train_dir: Path) -> None:
    train = read_gold(train_dir, split="train")
    dev = read_gold(train_dir, split="dev")
    labels = {lab for g in train for _, _, lab in g.spans}
    assert labels == {"Method", "Dataset", "Task", "Metric"}
    tdm_train = {g.key for g in train if g.corpus == "tdmsci"}
    tdm_dev = {g.key for g in dev if g.corpus == "tdmsci"}
    assert tdm_train and tdm_dev and not tdm_train & tdm_dev
    assert len(tdm_dev) == 1523 - tdmsci_dev_start(1523)


def test_static_vectors_missing_says_how_to_build_them(tmp_path: Path) -> None:
    from papergraph.training.ner import _vectors_source

    with pytest.raises(PapergraphError, match="training/vectors.py"):
        _vectors_source(tmp_path)


@needs_model
def test_shipped_model_carries_its_subword_vectors() -> None:
    vectors = ner.load_model().vocab.vectors
    assert vectors.mode == "floret" and vectors.shape[0] > 0
    # Unseen names still get a (non-zero) vector from their character n-grams.
    row = vectors.get_batch(["Qwen2.5-VL-72B"])[0]
    assert float(abs(row).sum()) > 0.0


def test_train_help_works() -> None:
    from papergraph.cli import app

    result = CliRunner().invoke(app, ["train", "--help"])
    assert result.exit_code == 0
    assert "--max-steps" in result.output
    assert "--vectors" in result.output


@pytest.mark.slow
def test_smoke_training_run(train_dir: Path, tmp_path: Path) -> None:
    import json

    from spacy.tokens import DocBin

    from papergraph.training.ner import train_ner

    config = Path(__file__).resolve().parents[2] / "training" / "config.cfg"
    silver = tmp_path / "silver.jsonl"
    silver.write_text(json.dumps({"text": "We train BERT on SQuAD.", "spans": [[9, 13, "Method"], [17, 22, "Dataset"]]}))
    report = train_ner(
        train_dir=train_dir, output_dir=tmp_path / "run", config_path=config, max_steps=2, limit=8, silver=silver
    )
    assert report.n_train == 8 and report.n_dev == 8
    assert (report.model_dir / "ner").is_dir()
    assert "ALL" in report.scores["all"]
    # The silver text is the last training text, its spans its entities.
    vocab = ner.load_model(report.model_dir, cache=False).vocab
    last = list(DocBin().from_disk(tmp_path / "run" / "corpus" / "train.spacy").get_docs(vocab))[-1]
    assert [(e.text, e.label_) for e in last.ents] == [("BERT", "Method"), ("SQuAD", "Dataset")]


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        # Long form and "(ABBR)" annotated apart become one span, as SciERC and TDMSci mark them.
        (
            "We use graph neural networks (GNNs) here.",
            [(7, 28, "Method"), (30, 34, "Method")],
            [(7, 35, "Method")],
        ),
        # An unannotated abbreviation is taken into the span as well.
        ("The Stanford Question Answering Dataset (SQuAD) is", [(4, 39, "Dataset")], [(4, 47, "Dataset")]),
        # A parenthesis holding words, not an abbreviation, is left alone.
        ("fitting (during testing) is slow", [(0, 7, "Task")], [(0, 7, "Task")]),
        # No parenthesis: nothing changes.
        ("BERT and ELMo", [(0, 4, "Method"), (9, 13, "Method")], [(0, 4, "Method"), (9, 13, "Method")]),
    ],
)
def test_join_abbreviations(text: str, spans: list, expected: list) -> None:
    assert _join_abbreviations(text, spans) == expected


@needs_model
def test_span_priors_beside_the_model_drop_rarely_annotated_texts(tmp_path: Path) -> None:
    import shutil

    from papergraph.extract.priors import SpanPriors

    model = tmp_path / "ner"
    shutil.copytree(ner.MODEL_DIR, model, ignore=shutil.ignore_patterns("members"))  # one model, its priors
    SpanPriors({"squad": 0.1, "bert": 0.9}, 0.5).to_disk(model)

    def found(priors: bool) -> set[str]:
        nlp = spacy.blank("en")
        ner.add_ner(nlp, model_dir=model, priors=priors)
        doc = nlp(OBVIOUS)
        return {s.text for s in doc.spans["ner"]}

    assert {"SQuAD", "BERT"} <= found(priors=False)
    assert "SQuAD" not in found(priors=True)
    assert "BERT" in found(priors=True)


@needs_model
def test_eval_model_layer_scores_the_ner_alone(train_dir: Path) -> None:
    import json

    from papergraph.cli import app
    from papergraph.evaluate.entities import evaluate

    result = CliRunner().invoke(app, ["eval", "--data", str(train_dir), "--layer", "model", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)  # progress goes to stderr
    assert printed["claims"] == []  # claims need the whole extractor; the model layer has none
    cli = {s["name"]: s["micro"] for s in printed["entities"]}
    # The same spans and counts as the training scorer's, which reads the same dev texts.
    golds = [g for g in read_gold(train_dir, split="dev") if g.corpus == "scierc"]
    preds = [[(s.start_char, s.end_char, s.label_) for s in d.spans["ner"]] for d in _pipe([g.text for g in golds])]
    want = score(golds, preds)["scierc"]["ALL"]
    assert (cli["scierc_dev"]["tp"], cli["scierc_dev"]["fp"], cli["scierc_dev"]["fn"]) == (want.tp, want.fp, want.fn)
    rules = evaluate(train_dir, layer="rules", sets=("scierc_dev",))[0].micro
    assert (rules.tp, rules.fp) != (want.tp, want.fp)


def test_eval_rejects_an_unknown_layer(tmp_path: Path) -> None:
    from papergraph.cli import app

    result = CliRunner().invoke(app, ["eval", "--data", str(tmp_path), "--layer", "nonsense"])
    assert result.exit_code != 0
    assert "unknown layer" in result.output


def _pipe(texts: list[str]) -> list[spacy.tokens.Doc]:
    nlp = spacy.blank("en")
    ner.add_ner(nlp)
    return list(nlp.pipe(texts))


def test_vote_keeps_spans_most_teachers_agree_on() -> None:
    a = [(0, 4, "Method"), (10, 20, "Task")]
    b = [(0, 4, "Method"), (10, 20, "Dataset"), (30, 35, "Metric")]
    c = [(0, 4, "Method"), (10, 20, "Task"), (30, 36, "Metric")]
    assert vote([a, b, c], 2) == [(0, 4, "Method"), (10, 20, "Task")]
    assert vote([a, b, c], 3) == [(0, 4, "Method")]
    assert vote([a, a + a], 2) == sorted(a)  # a teacher votes once per span


def test_read_silver_checks_each_record(tmp_path: Path) -> None:
    import json

    from papergraph.errors import InputError

    good = tmp_path / "silver.jsonl"
    good.write_text(json.dumps({"id": "x", "text": "BERT on SQuAD", "spans": [[8, 13, "Dataset"], [0, 4, "Method"]]}))
    (g,) = read_silver(good)
    assert g.corpus == "silver" and g.spans == ((0, 4, "Method"), (8, 13, "Dataset"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "BERT"}) + "\n" + json.dumps({"text": "BERT", "spans": [[0, 9, "Method"]]}))
    with pytest.raises(InputError, match=r"bad\.jsonl:2: bad silver span"):
        read_silver(bad)

"""The fast paths of the rule layer give what the plain regexes they replace give."""

from __future__ import annotations

import gzip
import json
import re
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract import cues, patterns, proposed, resolve
from papergraph.extract.abbreviations import word_uses
from papergraph.extract.normalize import lower_for_prechecks
from papergraph.extract.regex_ends import end_chars
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    METRIC_ACCURACY,
    METRIC_ACRONYMS,
    METRIC_OTHER_PHRASES,
    METRIC_PHRASES,
    TASK_AREAS,
)


@pytest.mark.parametrize(
    "alternation, lookahead",
    [(METRIC_ACRONYMS, patterns._METRIC_FIRST), (METRIC_PHRASES, patterns._METRIC_PHRASE_FIRST.replace("\\", ""))],
)
def test_lookahead_classes_hold_every_first_character(alternation: str, lookahead: str) -> None:
    found = end_chars(alternation, last=False)
    assert found is not None
    chars, nullable = found
    assert not nullable
    assert chars <= set(lookahead)


TEXTS = [
    "We fine-tune LLMs, GNNs and CNN-based models; NLP, QA and VQA tasks (ASR). xLLM LLMx _CNN -RNN",
    "accuracy-latency trade-off, fewer parameters, top-1 accuracy, F1, BLEU-4 and GFLOPs on ImageNet.",
    "A new COCO Dataset and the One Billion Word Benchmark; the Penn Treebank corpus.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_word_start_scans_match_the_lookbehind_regexes(text: str) -> None:
    for body, words, tail in ((patterns._GENERIC_BODY, GENERIC_METHODS, r"(?![\w])"),
                              (patterns._TASK_AREA_BODY, TASK_AREAS, r"s?(?![\w\-])")):
        plain = re.compile(r"(?<![\w\-])(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" + tail)
        for start in range(0, len(text), 7):
            got = [m.span() for m in patterns._word_starts(body, text, start, len(text))]
            assert got == [m.span() for m in plain.finditer(text, start, len(text))]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbBs-_ .é1(", max_size=40), st.sampled_from(["Ab", "AbB", "B", "bs"]))
def test_word_uses_match_the_regex(text: str, short: str) -> None:
    pat = re.compile(rf"(?<![\w\-]){re.escape(short)}s?(?![\w])")
    assert word_uses(text, short) == [m.span() for m in pat.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABDEFGHIJKLMNOPQRSTUVWXYZ- .,", max_size=60))
def test_words_match_the_word_regex(text: str) -> None:
    assert patterns._words(text, 0, len(text)) == [(m.start(), m.end(), m.group(0)) for m in patterns._WORD.finditer(text)]


@pytest.mark.parametrize("text", TEXTS + ["Code at https://github.com/x/y and www.foo.org.", "see foo.ai/bar now"])
def test_url_pre_check_keeps_every_url(text: str) -> None:
    assert resolve._url_spans(text) == [m.span() for m in resolve._URL.finditer(text)]


SENTENCES = [
    "In this paper, we propose FooNet, a novel network.",
    "WE PRESENT BarNet for detection.",
    "This work introduces a dataset, dubbed \u201cBazSet\u201d, for QA.",
    "The method, and we also develop a new tool.",
    "We thıs propose nothing",  # a dotless i: the pre-checks stand down
    "Results improve on ImageNet.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_cue_pre_checks_never_hide_a_verb(text: str) -> None:
    found = cues.Cues(text)
    assert [m.span() for m in found.verbs(0, len(text))] == [m.span() for m in cues.VERB.finditer(text)]
    if cues.AND_VERB.search(text) or cues.VERB.search(text):
        assert found.may_have_verb(0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbB-/._ 1é", max_size=40), st.sampled_from(["a", "ab", "Ab-b", "b.a", "a b"]))
def test_repeat_spans_match_the_regex(text: str, surface: str) -> None:
    pat = re.compile(r"(?<![\w\-/.])" + re.escape(surface) + r"(?![\w\-/])", re.I)
    assert proposed.repeat_spans(text, surface) == [m.span() for m in pat.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["SOTA results", "Achieves 5%", "a ſet a new record", "K\u212aELVIN scored", "plain text", "İmproves",
     "We evaluate on the", "results ON Standard", "Pre-Trained on large", "Datasets such as", "our new BENCHMARK",
     "Data:", "experiments on the new", "a corpus\t", "across public", "FINE-TUNED ON"],
)
def test_pre_check_copies_never_hide_a_match(text: str) -> None:
    low = lower_for_prechecks(text)
    if low is None:
        return
    for before, words in ((patterns._DATASET_BEFORE, patterns._DS_NOUN_END), (patterns._EVAL_CUE, patterns._EVAL_CUE_END)):
        if before.search(text + " "):
            assert patterns._ends_with(low + " ", 0, len(text) + 1, words)
    if patterns._DATASET_CUE.search(text + " "):
        assert patterns._holds(low + " ", 0, len(text) + 1, patterns._DS_CUE_WORDS)


def test_lower_case_twins_are_the_case_insensitive_cues() -> None:
    for pattern, twin in cues.LOWER_TWIN.items():
        assert pattern.flags & re.I and not twin.flags & re.I
        assert twin.pattern == pattern.pattern == pattern.pattern.lower()


@pytest.mark.parametrize("text", SENTENCES + ["We ALSO Propose and Design X, and develop Y.", "A NEW idea In This Paper."])
def test_cue_twins_find_the_same_spans(text: str) -> None:
    found = cues.Cues(text)
    for pattern in cues.LOWER_TWIN:
        assert [m.span() for m in found.finditer(pattern, 0, len(text))] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["weight-sharing", "NAS", "deep", "neural", "networks", "Network", "machine",
                                 "translation", "object-detection", "the", "of", "fine-tuning", "MLP", "-", ",", "."]),
                max_size=12))
def test_phrase_ends_keep_every_phrase_end(parts: list[str]) -> None:
    text = " ".join(parts)
    _check_phrase_ends(text, 0, len(text))
    _check_phrase_ends("(" + text + ")", 1, len(text) + 1)


def _check_phrase_ends(text: str, start: int, end: int) -> int:
    every = patterns._words(text, start, end)
    for low in (None, text.lower()):
        words, at = patterns.phrase_ends(text, start, end, low)
        assert all(every[k] == w for k, w in words.items())  # the words it places are _words' words
        for find in (patterns.task_candidates, patterns.method_candidates):
            assert find(text, start, end, words, at) == find(text, start, end, every)
    return len(at)


def test_phrase_ends_on_abstracts(corpus_path: Path) -> None:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 400)]
    assert sum(_check_phrase_ends(t, 0, len(t)) for t in texts) > 4000


def test_accuracy_windows_cover_every_match() -> None:
    # _next_accuracy searches only from _ACCURACY_REACH before each "accura": the modifiers must hold
    # none and be no longer than that.
    assert METRIC_ACCURACY.count("accura") == 2  # only in the final "(?:accuracy|accuracies)"
    assert re._parser.parse(METRIC_ACCURACY).getwidth()[1] - len("accuracies") <= patterns._ACCURACY_REACH  # type: ignore[attr-defined]
    assert METRIC_PHRASES == METRIC_ACCURACY + "|" + METRIC_OTHER_PHRASES


@pytest.mark.parametrize("text", TEXTS + [
    "zero-shot top-1 accuracy and top-5 accuracy; test accuracies, mean accuracy-latency, f1 accuracy",
    "out-of-distribution downstream accuracy of test top-1 error rate and macro f1 scores; accurate accuracyx",
    "accuracy accuracy, exact match accuracy; exact match. -accuracy _accuracy average precision accuracy",
])
def test_metric_phrases_match_the_one_regex(text: str) -> None:
    for low in (text.lower(), text.lower()[5:]):
        for start in range(0, len(low), 11):
            for end in range(len(low), start, -13):
                got = patterns._metric_phrases(low, start, end)
                assert got == [m.span() for m in patterns._METRIC_PHRASE_RE.finditer(low, start, end)]


@pytest.mark.parametrize("text", SENTENCES + ["Our model, dubbed OurNet, which we call X; ours is termed Y. OUR"])
def test_word_pre_checks_never_hide_a_word(text: str) -> None:
    found, low = cues.Cues(text), text.lower()
    for a in range(len(text)):
        for b in range(a, len(text) + 1):
            if any(low.find(w, a, b) >= 0 for w in cues._NAMING_STEMS):
                assert found.may_name(a, b)
            if low.find("our", a, b) >= 0:
                assert found.may_be_ours(a, b)


NAME_TEXTS = TEXTS + [
    "We evaluate FooNet-XL on ImageNet-21K, CIFAR10/100 and WHAM! Ours beats GPT-4o. OpenAI's WIT; accuracy-MACs.",
    "ImageNet-21K again, then the FooBar dataset and Libri2Mix-style data; ResNet-50. e.g. and/or x_y ViT-based.",
]


def test_name_token_cache_changes_no_candidate() -> None:
    keys = patterns.gazetteer_dataset_keys()
    other_keys = frozenset({"foonetxl", "foobar"})
    patterns._TOKEN_CACHES.clear()
    for text in NAME_TEXTS * 2:  # a cold cache on the first pass, a warm one on the second
        for dataset_keys in (keys, other_keys, frozenset()):
            sents = [(0, len(text))]
            got = patterns.name_candidates(text, 0, len(text), sents, dataset_keys)
            patterns._TOKEN_CACHES.clear()
            assert patterns.name_candidates(text, 0, len(text), sents, dataset_keys) == got
    # The gazetteer decides what a token is: the same spelling differs between key sets.
    text = "We use FooBar here."
    known = frozenset({patterns.dataset_key("FooBar")})
    labels = {ks: [c.label for c in patterns.name_candidates(text, 0, len(text), [(0, len(text))], ks)]
              for ks in (known, frozenset())}
    assert labels[known] == ["Dataset"] and labels[frozenset()] == ["Method"]


def test_name_token_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_TOKEN_CACHE_SIZE", 3)
    patterns._TOKEN_CACHES.clear()
    text = " ".join(f"Net{i}X" for i in range(10))
    patterns.name_candidates(text, 0, len(text), [(0, len(text))])
    assert 0 < len(patterns._token_infos(frozenset())) <= 3


_DS_PARTS = ["Foo", "Dataset", "dataset", "Datasets", "Benchmark", "corpus", "Treebank", " ", "  ", "\n", "X-1", "_",
             ".", ",", "xY", "é", "9", "ImageNet", "the", "DATASET"]


def _phrase_matches(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    regex = patterns._CAP_NAME_BEFORE_DS
    whole = [m.span() for m in regex.finditer(text, start, end)]
    stretches = [m.span() for a, b in patterns._dataset_phrase_spans(text, start, end) for m in regex.finditer(text, a, b)]
    return whole, stretches


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DS_PARTS), max_size=16).map("".join), st.integers(0, 6), st.integers(0, 6))
def test_dataset_phrase_stretches_hold_every_match(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    whole, stretches = _phrase_matches(text, start, end)
    assert stretches == whole


def test_dataset_phrase_stretches_on_abstracts(corpus_path: Path) -> None:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 2000)]
    found = 0
    for text in texts:
        whole, stretches = _phrase_matches(text, 0, len(text))
        assert stretches == whole
        found += len(whole)
    assert found > 100

"""WordStart scans and first-character tries give exactly the matches of the plain regexes they stand for."""

from __future__ import annotations

import gzip
import json
import re
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract import patterns
from papergraph.extract.vocab import METRIC_ACRONYM_ALTERNATIVES, METRIC_OTHER_ALTERNATIVES
from papergraph.extract.wordscan import WordStart, ascii_twin, first_char_trie

SCANS = {
    "name": (patterns._NAME, False),
    "metric acronym": (patterns._METRIC, False),
    "metric phrase": (patterns._OTHER_METRIC, True),  # run on lower-cased text
}
WRITTEN = [
    "BLEU BLEU-4 xBLEU -BLEU BLEU- _FID (FID) FID. mAP@0.5 top-1 Top-5 acc. GFLOPs, MACs",
    "ResNet-50 on ImageNet-1K; ViT-B/16, Qwen2.5-VL and GPT-4o. WHAM! m2mKD x-FBNetV3 3DResNet",
    " f1 macro-f1 -f1 (f1) weighted f1 scores, top-1 error rate; peak memory, speed-up and latency.",
    "F1",
    "",
    "-",
    "a\u00e9BLEU \u00e9F1 \u212aELVIN-2 i\u0307F1",
]


def _check(scan: WordStart, text: str) -> None:
    n = len(text)
    for start in range(0, n + 1, max(1, n // 40)):
        for end in range(n, start - 1, -max(1, n // 30)):
            assert scan.spans(text, start, end) == [m.span() for m in scan.pattern.finditer(text, start, end)]
            m = scan.pattern.search(text, start, end)
            assert scan.search(text, start, end) == (None if m is None else m.span())


@pytest.mark.parametrize("kind", sorted(SCANS))
@pytest.mark.parametrize("text", WRITTEN)
def test_written_texts(kind: str, text: str) -> None:
    scan, lower = SCANS[kind]
    _check(scan, text.lower() if lower else text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["BLEU", "F1", "f1", "ResNet-50", "top-1", "accuracy", "-", " ", "(", "x", "_",
                                 "macro", "error rate", "GPT-4o", "!", ".", "é", "mAP@0.5", "2"]), max_size=14))
def test_generated_texts(parts: list[str]) -> None:
    text = "".join(parts)
    for scan, lower in SCANS.values():
        _check(scan, text.lower() if lower else text)


def test_whole_abstracts(corpus_path: Path) -> None:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 300)]
    for text in texts:
        for scan, lower in SCANS.values():
            t = text.lower() if lower else text
            for start, end in ((0, len(t)), (7, len(t) - 5)):
                assert scan.spans(t, start, end) == [m.span() for m in scan.pattern.finditer(t, start, end)]


def test_first_char_trie_files_alternatives_under_their_first_character() -> None:
    assert first_char_trie(("ab", "c", "a[xy]?", "cd")) == "a(?:b|[xy]?)|c(?:|d)"
    for bad in ("", "[ab]c", "(?:a)", "a?b", "a*", "\\d+", ".x"):
        with pytest.raises(ValueError, match="literal"):
            first_char_trie(("ok", bad))


@pytest.mark.parametrize("alternatives, lower", [(METRIC_ACRONYM_ALTERNATIVES, False), (METRIC_OTHER_ALTERNATIVES, True)])
def test_first_char_trie_matches_like_the_plain_alternation(alternatives: tuple[str, ...], lower: bool, corpus_path: Path) -> None:
    plain = re.compile(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?![\w\-])")
    trie = re.compile(r"(?<![\w\-])(?:" + first_char_trie(alternatives) + r")(?![\w\-])")
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 500)]
    texts += WRITTEN + [" ".join(alternatives).replace("\\", "")]
    found = 0
    for text in texts:
        t = text.lower() if lower else text
        spans = [m.span() for m in plain.finditer(t)]
        assert [m.span() for m in trie.finditer(t)] == spans
        found += len(spans)
    assert found > 100  # the texts exercise the alternatives


# The name body as first written, with greedy quantifiers only.
_GREEDY_NAME = re.compile(r"(?<![\w\-])[A-Za-z][a-z]*[A-Z0-9\-./+_][\w]*(?:[-./+][A-Za-z0-9]+)*!?(?![\w])")
_NAME_PARTS = ["ab", "Net", "1", "-", "_", ".", "/", "+", "!", " ", "x2", "é", "ab1-cd_e", "v1.2a_", "A", "a_b"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PARTS), max_size=12).map("".join))
def test_possessive_name_body_matches_like_the_greedy_one(text: str) -> None:
    assert [m.span() for m in patterns._NAME.pattern.finditer(text)] == [m.span() for m in _GREEDY_NAME.finditer(text)]


def test_possessive_name_body_on_abstracts(corpus_path: Path) -> None:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 1000)]
    found = 0
    for text in texts:
        spans = [m.span() for m in _GREEDY_NAME.finditer(text)]
        assert patterns._NAME.spans(text, 0, len(text)) == spans
        found += len(spans)
    assert found > 5000


def test_ascii_twin_only_where_it_matches_the_same() -> None:
    word = re.compile(r"\b\w+\d")
    twin = ascii_twin(word)
    assert twin is not word and twin.flags & re.ASCII
    assert twin.findall("ab1 c_2 x") == word.findall("ab1 c_2 x")
    space = re.compile(r"a\sb")  # Unicode \s holds \x1c-\x1f, ASCII \s does not
    assert ascii_twin(space) is space and space.search("a\x1cb")
    folds = re.compile("\u017ftop", re.I)  # the long s folds onto "s" only under Unicode
    assert ascii_twin(folds) is folds and folds.search("STOP")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9_-. \x1c\x00\x7f")), max_size=20))
def test_word_start_scans_ascii_text_as_the_unicode_regex(text: str) -> None:
    for scan, _ in SCANS.values():
        _check(scan, text)

"""What the speed work on the extraction layer must not change.

The shipped NER was trained on papergraph.tokenizer.v1 token boundaries, so
the table below pins them, quirks included ("ImageNet-1K." stays one token).
The fast paths (whitespace-only normalisation, the URL pre-check, sentence
lookup by bisection, the large tokenizer cache, worker processes) are each
checked against the slower general code they stand in for.
"""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en import English
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from papergraph.extract import load_extractor, resolve
from papergraph.extract.normalize import _SPECIAL, WHITESPACE, _clean_latex, normalize
from papergraph.extract.state import DocState, FieldSpan
from papergraph.extract.tokenizer import (
    CACHE_SIZE,
    AlnumSkipInfixFinditer,
    DottedUrlMatch,
    HeadPrefixSearch,
    TailSuffixSearch,
    _infixes,
    _prefixes,
    _suffixes,
    blank_nlp,
    make_tokenizer,
    uncached_copy,
)
from papergraph.extract.urls import _HINTS, _URL, find_code_urls, hinted_finditer
from papergraph.types import Paper

TOKENS = [
    ("ResNet-50", ["ResNet-50"]),
    ("ImageNet-1K", ["ImageNet-1K"]),
    ("ImageNet-1K.", ["ImageNet-1K."]),
    ("top-1 accuracy", ["top-1", "accuracy"]),
    ("top-1/top-5", ["top-1", "/", "top-5"]),
    ("BERT-base", ["BERT-base"]),
    ("GPT-4o", ["GPT-4o"]),
    ("GPT-4o-mini", ["GPT-4o", "-", "mini"]),
    ("LLaMA-2-7B", ["LLaMA-2-7B"]),
    ("Qwen2.5-VL", ["Qwen2.5-VL"]),
    ("ViT-B/16", ["ViT-B/16"]),
    ("R-CNN", ["R-CNN"]),
    ("(ResNet-50)", ["(", "ResNet-50", ")"]),
    ("(GNNs)", ["(", "GNNs", ")"]),
    ("8-bit", ["8-bit"]),
    ("7B", ["7B"]),
    ("1.5B-parameter", ["1.5B-parameter"]),
    ("4.8x faster", ["4.8", "x", "faster"]),
    ("2x", ["2", "x"]),
    ("~3x", ["~3", "x"]),
    ("3.2×", ["3.2", "×"]),
    ("10ms", ["10", "ms"]),
    ("1e-3", ["1e-3"]),
    ("lr=1e-3", ["lr=1e-3"]),
    ("1,000", ["1,000"]),
    ("80.4%", ["80.4", "%"]),
    ("80.4\\%", ["80.4", "\\%"]),
    ("+2.3%", ["+2.3", "%"]),
    ("76.5%-80.9%", ["76.5%", "-", "80.9", "%"]),
    ("$5", ["$", "5"]),
    ("BLEU-4", ["BLEU-4"]),
    ("F1-score", ["F1-score"]),
    ("mAP@0.5", ["mAP@0.5"]),
    ("pass@1", ["pass@1"]),
    ("CNN-based", ["CNN", "-", "based"]),
    ("self-supervised", ["self", "-", "supervised"]),
    ("fine-tuned", ["fine", "-", "tuned"]),
    ("state-of-the-art", ["state", "-", "of", "-", "the", "-", "art"]),
    ("x~y", ["x", "~", "y"]),
    ("A--B", ["A", "--", "B"]),
    ("e.g., BERT", ["e.g.", ",", "BERT"]),
    ("Sec. 3", ["Sec", ".", "3"]),
    ("U.S.", ["U.S."]),
    ("don't", ["do", "n't"]),
    ("https://github.com/foo/bar.", ["https://github.com/foo/bar", "."]),
]


@pytest.fixture(scope="module")
def nlp():
    return blank_nlp()


@pytest.mark.parametrize("text, expected", TOKENS)
def test_token_boundaries_are_pinned(nlp, text, expected):
    assert [t.text for t in nlp.tokenizer(text)] == expected


def test_boundaries_do_not_depend_on_the_cache(nlp):
    # Same text in every order and cache state: cold, warm, no cache, registry-built.
    text = " ".join(t for t, _ in TOKENS)
    expected = [tok for _, toks in TOKENS for tok in toks]
    cold = make_tokenizer(nlp)
    assert [t.text for t in cold(text)] == expected
    assert [t.text for t in cold(text)] == expected  # now from the chunk cache
    assert [t.text for t in uncached_copy(nlp.tokenizer)(text)] == expected
    assert [t.text for t in make_tokenizer(nlp, cache_size=10)(text)] == expected


def test_pipeline_tokenizer_has_the_large_cache():
    extractor = load_extractor(use_model=False)
    assert extractor.nlp.tokenizer.max_cache_size == CACHE_SIZE >= 100_000


_SUFFIX_RULES = _suffixes(tuple(spacy.blank("en").Defaults.suffixes or ()))
_TAIL = TailSuffixSearch(_SUFFIX_RULES)
_FULL = compile_suffix_regex(_SUFFIX_RULES)


@pytest.mark.parametrize(
    "chunk",
    ["model", "models,", "80.4%", "2x", "10ms", "5US$", "it's", "ImageNet-1K.", "a....", "....", "x...", "…", "a……",
     "(GNNs)", "AB.", "°F.", "5+", "ab\n", "\n\n", "", "s", ".", "'s", "a" + "." * 70],
)
def test_tail_suffix_search_equals_the_full_regex(chunk):
    assert _TAIL.width < 64 and _TAIL.long is not None and _TAIL.last is not None
    full, tail = _FULL.search(chunk), _TAIL.search(chunk)
    assert (full and full.span()) == (tail and tail.span())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aSs'’.…%x×m5$+°F)]\"\n")), max_size=12))
def test_tail_suffix_search_equals_the_full_regex_anywhere(chunk):
    full, tail = _FULL.search(chunk), _TAIL.search(chunk)
    assert (full and full.span()) == (tail and tail.span())


_PREFIX_RULES = _prefixes(tuple(English.Defaults.prefixes or ()))
_HEAD = HeadPrefixSearch(_PREFIX_RULES)
_FULL_PREFIX = compile_prefix_regex(_PREFIX_RULES)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aA1$(\"'“+-.…%§=—#*")), max_size=8))
def test_head_prefix_search_equals_the_full_regex(chunk):
    assert _HEAD.first is not None and not set("a1") & _HEAD.first
    full, head = _FULL_PREFIX.search(chunk), _HEAD.search(chunk)
    assert (full and full.span()) == (head and head.span())


_INFIX_RULES = _infixes(tuple(English.Defaults.infixes or ()))
_ALNUM_SKIP = AlnumSkipInfixFinditer(_INFIX_RULES)
_FULL_INFIX = compile_infix_regex(_INFIX_RULES)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aA1²Ⅻé-–.,:/~+*^=%…©_ ")), max_size=10))
def test_infix_skip_finds_what_the_full_regex_finds(chunk):
    assert _ALNUM_SKIP.skip_alnum  # every infix opens with a character that is no letter or digit
    assert [m.span() for m in _ALNUM_SKIP.finditer(chunk)] == [m.span() for m in _FULL_INFIX.finditer(chunk)]


def test_infix_skip_only_for_regexes_it_can_read():
    assert not AlnumSkipInfixFinditer([r"(?<=a)x", r"\w-"]).skip_alnum  # a rule may open with a letter
    assert not AlnumSkipInfixFinditer([r"(?<=[0-9])[+\-]?"]).skip_alnum  # may match nothing
    assert AlnumSkipInfixFinditer([r"(?<=[0-9])[+\-](?=[0-9])"]).skip_alnum


_URL_MATCH = English.Defaults.url_match
_DOTTED = DottedUrlMatch(_URL_MATCH) if _URL_MATCH else None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1:/@-_~?#x.\u00e9")), max_size=20))
def test_url_pre_check_never_hides_a_url(chunk):
    assert _URL_MATCH is not None and _DOTTED is not None
    full, ours = _URL_MATCH(chunk), _DOTTED.match(chunk)
    assert (ours and ours.span()) == (full and full.span())


@pytest.mark.parametrize("chunk", ["github.com/a/b", "http://localhost", "a@b", "10.0.0.1:80", "https://x.ai", "foo", "x.y"])
def test_url_pre_check_table(chunk):
    assert _URL_MATCH is not None and _DOTTED is not None
    full, ours = _URL_MATCH(chunk), _DOTTED.match(chunk)
    assert (ours and ours.span()) == (full and full.span())


def test_tokenizer_round_trips_through_bytes(nlp):
    text = " ".join(t for t, _ in TOKENS)
    other = spacy.blank("en")
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in other.tokenizer(text)] == [t.text for t in nlp.tokenizer(text)]


_TEXT = st.text(alphabet=st.sampled_from(list("ab. -\n\t\r\x1c\u00a0\u2009x%{}\u00e9")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_whitespace_fast_path_equals_general_normalisation(text):
    fast = normalize(text)
    if not _SPECIAL.search(text):  # nothing to clean: the text is its own map
        assert fast.text == text and fast.seg_starts is None
        return
    general = _clean_latex(text, _SPECIAL)
    assert fast.text == general.text
    if fast.seg_starts is None:  # single whitespace characters became spaces: the identity map
        assert len(fast.text) == len(text)
    else:
        assert (fast.seg_starts, fast.seg_orig, fast.seg_orig_end) == (
            general.seg_starts,
            general.seg_orig,
            general.seg_orig_end,
        )
    for i in range(len(fast.text) + 1):
        for j in range(i, len(fast.text) + 1):
            assert fast.to_original(i, j) == general.to_original(i, j)


def test_whitespace_table_is_every_space_character():
    assert set(WHITESPACE) == {chr(i) for i in range(0x110000) if chr(i).isspace()} - {" "}
    assert normalize("hard\nwrapped\u2009text\r").seg_starts is None  # same length: identity map
    assert normalize("two\n\nlines").seg_starts is not None


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("plain words", "plain words"),
        ("hard\nwrapped", "hard wrapped"),
        ("\n  leading", "leading"),
        (" one leading space", " one leading space"),
        ("trailing\n", "trailing "),
        ("a \n b\t\tc", "a b c"),
        ("\n", ""),
    ],
)
def test_whitespace_normalisation_table(raw, clean):
    n = normalize(raw)
    assert n.text == clean
    for i, c in enumerate(clean):
        a, b = n.to_original(i, i + 1)
        assert raw[a:b] == c or (c == " " and raw[a:b].isspace())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["http", "s://", "www.", "WWW.", "github", ".com", ".co", "/", "x", " ", "."]), max_size=12).map("".join))
def test_url_precheck_never_hides_a_url(text):
    if not any(h in text.lower() for h in _HINTS):
        assert not list(_URL.finditer(text))
        assert find_code_urls(text) == []


_URL_PARTS = ["http", "s://", "www.", "WWW.", "github", "GitLab", ".com", ".co", ".org", ".ai", "/", "x", "-", " ", ".",
              "\u00a0", "@", "huggingface", "(", ")", "ı"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_URL_PARTS), max_size=14).map("".join))
def test_hinted_url_search_finds_every_url(text):
    low = text.lower()
    if len(low) == len(text):
        assert [m.span() for m in hinted_finditer(_URL, text, low, _HINTS)] == [m.span() for m in _URL.finditer(text)]
    assert [m.span() for m in hinted_finditer(resolve._URL, text, text, resolve._URL_HINTS)] == [
        m.span() for m in resolve._URL.finditer(text)
    ]


def test_hinted_url_search_on_abstracts(corpus_path):
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["abstract"] for line in islice(fh, 3000)]
    texts = [t for t in texts if "://" in t or ".com/" in t]
    assert len(texts) > 100
    for text in texts:
        assert [m.span() for m in hinted_finditer(_URL, text, text.lower(), _HINTS)] == [m.span() for m in _URL.finditer(text)]
        assert resolve._url_spans(text) == [m.span() for m in resolve._URL.finditer(text)]


@pytest.mark.parametrize(
    "text, urls",
    [
        ("Code: https://github.com/a/b.", ["https://github.com/a/b"]),
        ("see GitHub.com/a/b-c", ["https://GitHub.com/a/b-c"]),
        ("no links here at all", []),
    ],
)
def test_code_urls(text, urls):
    assert find_code_urls(text) == urls


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=12), st.integers(min_value=-2, max_value=70))
def test_sentence_lookup_equals_linear_scan(cuts, pos):
    bounds = sorted(set(cuts))
    sents = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a + 1]
    state = DocState(fields=[FieldSpan("abstract", 0, 60, normalize(""))], sents=sents)
    linear = next((s for s in sents if s[0] <= pos < s[1]), (pos, pos))
    assert state.sent_at(pos) == linear
    state.sents = list(reversed(sents))  # unsorted: the linear fallback
    assert state.sent_at(pos) == next((s for s in state.sents if s[0] <= pos < s[1]), (pos, pos))


@pytest.mark.slow
def test_two_processes_give_the_serial_output_in_order(corpus_path: Path):
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, 300)]
    papers = [Paper(id=r["id"], title=r.get("title") or "", abstract=r.get("abstract") or "") for r in rows]
    extractor = load_extractor(use_model=False)
    serial = list(extractor.extract(papers))
    parallel = list(extractor.extract(papers, n_process=2, batch_size=64))
    assert [e.id for e in parallel] == [p.id for p in papers]
    assert parallel == serial


_CUE_PARTS = ["we", "this", " ", "\n", "\x1c", "and", ", ", "propose", "introduce", "present", "design", "develop",
              "in this paper", "novel", "new", "ly ", "also ", "s", "W", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PARTS), max_size=14).map("".join))
def test_cue_prechecks_hold_wherever_the_cue_regexes_match(text):
    import re

    from papergraph.extract.cues import AND_VERB, STRONG, VERB, Cues, _occurrences

    low = text.lower()
    assert _occurrences(low, ("we", "this"), then_space=True) == [m.start() for m in re.finditer(r"(?:we|this)\s", low)]
    cues = Cues(text)
    for s0 in range(0, len(text) + 1, 3):
        for s1 in range(s0, len(text) + 1, 2):
            if AND_VERB.search(text, s0, s1):
                assert cues.may_have_and_verb(s0, s1)
            if STRONG.search(text, s0, s1):
                assert cues.may_be_strong(s0, s1)
            if VERB.search(text, s0, s1):
                assert cues.may_have_verb(s0, s1) and cues.verbs(s0, s1)


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.55, 0.7000000000000001, 0.95, -0.0, 0.0]))
def test_remembered_rounding_is_round(x):
    import math

    from papergraph.extract.merge import round3

    for _ in range(2):  # computed, then remembered
        got, want = round3(x), round(x, 3)
        assert (math.isnan(got) and math.isnan(want)) or (got == want and math.copysign(1, got) == math.copysign(1, want))

"""A tokenizer that keeps scientific names whole.

spaCy's English rules split ``BERT-base`` and ``8-bit`` at the hyphen and cut
``ImageNet-1K`` into ``ImageNet-1`` + ``K`` (Kelvin). Model and dataset names
are the entities papergraph is after, so this tokenizer keeps a hyphenated
token whole when either side is a name part (capital letters or digits:
``ResNet-50``, ``GPT-4o``, ``LLaMA-2-7B``, ``top-1``) and splits ordinary
lower-case compounds (``self-supervised``) and ``-based``/``-style`` style
suffixes (``CNN-based`` -> ``CNN``, ``-``, ``based``) so an entity never
has to end inside a token.

Registered as ``papergraph.tokenizer.v1`` so a training config can use it::

    [nlp.tokenizer]
    @tokenizers = "papergraph.tokenizer.v1"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from re import _parser  # type: ignore[attr-defined]  # the parser re itself compiles with
from typing import Any

import spacy
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from papergraph.extract.regex_ends import end_chars

# Second halves of hyphenated modifiers: "CNN-based", "GPT-style", "BERT-like".
# Splitting before them lets "CNN" be a token-aligned entity.
MODIFIER_SUFFIXES = (
    "based|like|style|level|aware|guided|driven|free|specific|only|centric|conditioned|"
    "augmented|enhanced|powered|generated|supervised|pretrained|pre-trained|trained|tuned|"
    "finetuned|fine-tuned|scale|wise|agnostic|related|oriented|inspired|derived|compatible|"
    "friendly|efficient|intensive|dependent|independent|sized|size|type|stage|step|shot|"
    "annotated|labeled|labelled|scored|distilled|generated|produced|written|made|backed|"
    "equipped|integrated|assisted|informed|grounded|initialized|initialised|native"
)

_HYPHENS = "-|–|—"


def _infixes(defaults: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for rule in defaults:
        if rule.startswith("(?<=[0-9])[+\\-\\*^]"):
            # Keep "LLaMA-2-7B" and "1e-3" whole: no split at a hyphen between digits.
            out.append(r"(?<=[0-9])[+\*^](?=[0-9])")
        elif "(?:-|–|—|--|---|——|~)" in rule:
            # Replaced by the three rules below.
            continue
        else:
            out.append(rule)
    out += [
        # lower-case compounds: "state-of-the-art", "self-supervised"
        rf"(?<=[{ALPHA_LOWER}])(?:{_HYPHENS})(?=[{ALPHA_LOWER}])",
        # modifier suffixes after any name: "CNN-based", "ViT-style"
        rf"(?<=[{ALPHA}0-9])(?:{_HYPHENS})(?=(?:{MODIFIER_SUFFIXES})\b)",
        # long dashes and tildes always separate
        rf"(?<=[{ALPHA}0-9%])(?:--|---|——|~|—|–)(?=[{ALPHA}0-9])",
        # ranges written without spaces: "76.5%-80.9%"
        r"(?<=%)-(?=[0-9])",
    ]
    return out


def _suffixes(defaults: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for rule in defaults:
        if rule.startswith("(?<=[0-9])(?:km|"):
            # The full unit list splits "ImageNet-1K" and "7B"; keep only units that
            # matter for results: percentages, multipliers and milliseconds.
            out.append(r"(?<=[0-9])(?:\\%|%|x|×|ms)")
        else:
            out.append(rule)
    out += [r"\$", r"\\%"]
    return out


def _prefixes(defaults: tuple[str, ...]) -> list[str]:
    return [*defaults, r"\$"]


class TailSuffixSearch:
    """``suffix_search`` that tries only the end of the string: the same matches, faster.

    spaCy joins the suffix rules into one alternation of ``rule$`` patterns, and
    ``search`` tries the whole alternation at every position of the chunk: a
    few microseconds per call, the largest part of tokenizing an uncached chunk.
    A match ends at the end of the string, so a rule at most ``width``
    characters long can only start in the last ``width`` characters. Rules
    without such a bound (``\\.\\.+``) are searched on their own first, with
    the full regex as the fallback when one starts earlier; so is a string
    ending in a newline, where ``$`` also matches just before it. And most
    chunks end in a letter no rule can end with: those need no search at all.
    """

    def __init__(self, rules: list[str]) -> None:
        self.regex = compile_suffix_regex(rules)
        self.pattern = self.regex.pattern  # spaCy serialises suffix_search.__self__.pattern
        widths = [_parser.parse(r).getwidth()[1] for r in rules]
        self.width = max((w for w in widths if w <= _BOUNDED), default=0)
        long = [r for r, w in zip(rules, widths, strict=True) if w > _BOUNDED]
        self.long = compile_suffix_regex(long) if long else None
        last = end_chars(self.pattern, last=True)
        self.last = last[0] if last is not None and not last[1] else None

    def search(self, string: str) -> re.Match[str] | None:
        if string.endswith("\n"):
            return self.regex.search(string)
        if self.last is not None and string and string[-1] not in self.last:
            return None
        cut = len(string) - self.width
        if cut <= 0:
            return self.regex.search(string)
        if self.long is not None and (m := self.long.search(string)) is not None and m.start() < cut:
            return self.regex.search(string)
        return self.regex.search(string, cut)


class HeadPrefixSearch:
    """``prefix_search`` that rejects a chunk whose first character opens no prefix rule.

    Every rule is anchored with ``^``, so a match starts with the chunk's first
    character; most chunks start with a letter, which no rule does.
    """

    def __init__(self, rules: list[str]) -> None:
        self.regex = compile_prefix_regex(rules)
        self.pattern = self.regex.pattern  # spaCy serialises prefix_search.__self__.pattern
        first = end_chars(self.pattern, last=False)
        self.first = first[0] if first is not None and not first[1] else None

    def search(self, string: str) -> re.Match[str] | None:
        if self.first is not None and string and string[0] not in self.first:
            return None
        return self.regex.search(string)


class DottedUrlMatch:
    """``url_match`` that rejects a chunk without a dot before trying spaCy's URL regex.

    Every URL that regex accepts has a dotted host: a name with at least one
    ``label.`` before its top-level domain, or an IPv4 address. Most chunks
    are words without a dot, and the long pattern costs about a microsecond each.
    """

    def __init__(self, url_match: Callable[[str], re.Match[str] | None]) -> None:
        self.regex: re.Pattern[str] = url_match.__self__  # type: ignore[attr-defined]
        self.pattern = self.regex.pattern  # spaCy serialises url_match.__self__.pattern

    def match(self, string: str) -> re.Match[str] | None:
        return self.regex.match(string) if "." in string else None


class AlnumSkipInfixFinditer:
    """``infix_finditer`` that returns at once for a chunk of letters and digits only.

    spaCy looks for infixes in every chunk it has not cached, and every infix
    rule opens with a lookbehind, so ``re`` runs the whole alternation at each
    character. Every infix match starts with punctuation, a hyphen or a symbol
    (read from the regex: ``end_chars``), never with a letter or digit, so a
    chunk that is all letters and digits (most words) holds no infix. When the
    regex's first characters cannot be read, every chunk is searched.
    """

    def __init__(self, rules: list[str]) -> None:
        self.regex = compile_infix_regex(rules)
        self.pattern = self.regex.pattern  # spaCy serialises infix_finditer.__self__.pattern
        first = end_chars(self.pattern, last=False)
        self.skip_alnum = first is not None and not first[1] and not any(c.isalnum() for c in first[0])

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        if self.skip_alnum and string.isalnum():
            return iter(())
        return self.regex.finditer(string)


# A rule longer than this is searched as an unbounded one.
_BOUNDED = 64


# spaCy caches the tokens of each whitespace-separated chunk, but only the first
# 10,000 chunks it meets. A corpus of abstracts has far more distinct chunks, and
# the affix regexes below cost ~10 us per uncached chunk, so a larger cache is
# most of the tokenizer's speed. Entries are a few pointers each: 250k chunks
# stay well under 50 MB. Token boundaries do not depend on the cache.
CACHE_SIZE = 250_000


def _strs(rules: Sequence[str | re.Pattern[Any]] | None) -> tuple[str, ...]:
    """spaCy's affix rules as pattern strings (the English defaults are all strings)."""
    return tuple(r if isinstance(r, str) else r.pattern for r in rules or ())


def make_tokenizer(nlp: Language, *, cache_size: int = CACHE_SIZE) -> Tokenizer:
    """Build the papergraph tokenizer for ``nlp``'s vocabulary."""
    defaults = nlp.Defaults
    return Tokenizer(
        nlp.vocab,
        rules=dict(defaults.tokenizer_exceptions),
        prefix_search=HeadPrefixSearch(_prefixes(_strs(defaults.prefixes))).search,
        suffix_search=TailSuffixSearch(_suffixes(_strs(defaults.suffixes))).search,
        infix_finditer=AlnumSkipInfixFinditer(_infixes(_strs(defaults.infixes))).finditer,
        token_match=defaults.token_match,
        url_match=DottedUrlMatch(defaults.url_match).match if defaults.url_match else None,
        max_cache_size=cache_size,
    )


def uncached_copy(tokenizer: Tokenizer) -> Tokenizer:
    """A tokenizer with the same rules that caches nothing.

    For one-off texts (dictionary patterns) that would otherwise take the
    place of corpus words in the chunk cache of the pipeline's tokenizer.
    """
    return Tokenizer(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
        max_cache_size=0,
    )


@spacy.registry.tokenizers("papergraph.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registry entry: ``[nlp.tokenizer] @tokenizers = "papergraph.tokenizer.v1"``."""
    return make_tokenizer


def blank_nlp(vocab: Vocab | None = None) -> Language:
    """A blank English pipeline using the papergraph tokenizer (over ``vocab`` when given)."""
    nlp = spacy.blank("en", vocab=vocab) if vocab is not None else spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp

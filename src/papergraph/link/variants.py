"""Variants and subsets: names that point at another entity without being it.

* A **variant** adds a size, version or named suffix to a base name:
  ``ResNet-50`` (ResNet), ``ImageNet-1K`` / ``ImageNet-21K`` (ImageNet),
  ``Llama-2-7B`` (Llama-2, then Llama), ``Transformer-XL`` (Transformer).
  Variants stay separate entities, linked ``variantOf`` their base, and only
  when the base is itself an entity of the same kind: the suffix grammar alone
  is too loose to invent parents.
* A **subset** is a split of a dataset: ``ImageNet-val``, ``CIFAR-10 test set``,
  ``the validation split of COCO``. Subsets are linked ``subsetOf`` their
  dataset, which is created when no paper names it on its own: the phrase
  itself names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papergraph.link.normalize import Token, clean_surface, key_of, tokens

# Split names, mapped to one spelling so "ImageNet val", "ImageNet validation set"
# and "the validation split of ImageNet" share a key.
SPLIT_WORDS: dict[str, str] = {
    "val": "val",
    "valid": "val",
    "validation": "val",
    "minival": "minival",
    "test": "test",
    "testing": "test",
    "testset": "test",
    "dev": "dev",
    "development": "dev",
    "devset": "dev",
    "train": "train",
    "training": "train",
    "trainset": "train",
    "trainval": "trainval",
    "holdout": "heldout",
    "heldout": "heldout",
    "std": "std",
}
_SET_WORDS = frozenset({"set", "split", "subset", "partition", "portion", "fold"})
_OF_WORDS = frozenset({"of", "from", "in"})

# Suffix words that make a variant of a model or dataset.
_SIZE_WORDS = frozenset(
    {
        "tiny", "small", "base", "medium", "large", "huge", "giant", "mini", "nano", "micro",
        "xs", "xl", "xxl", "lite", "pro", "plus", "max", "ultra", "turbo", "instruct", "chat",
        "s", "m", "l", "b", "h", "g", "t", "x",
    }
)  # fmt: skip
_VERSION = re.compile(r"^(?:v|r)?\d+(?:\.\d+)*[a-z]?$|^\d+(?:\.\d+)?[kmbt]$|^[a-z]\d{1,3}$")
# A version glued to the name: "YOLOv8", "ResNet50", "FBNetV3", "Qwen2.5", "ImageNet1K".
_ATTACHED = re.compile(r"^([a-z][a-z\-]*?[a-z])(v?\d+(?:\.\d+)*[kmb]?)$")
_MIN_BASE_KEY = 3


@dataclass(frozen=True, slots=True)
class SubsetOf:
    base: str  # the dataset's surface form, original case ("ImageNet")
    base_key: str
    split: str  # canonical split name ("val", "test", "test-dev", ...)

    @property
    def key(self) -> str:
        """Shared by every spelling of the same split of the same dataset."""
        return f"{self.base_key}|{self.split}"


def _cut(surface: str, toks: tuple[Token, ...] | list[Token]) -> str:
    return clean_surface(surface)[toks[0].start : toks[-1].end]


def parse_subset(surface: str) -> SubsetOf | None:
    """The dataset and split named by ``surface``, or None.

    >>> parse_subset("ImageNet-val")
    SubsetOf(base='ImageNet', base_key='imagenet', split='val')
    >>> parse_subset("the test set of CIFAR-10").base
    'CIFAR-10'
    >>> parse_subset("COCO test-dev").split
    'test-dev'
    >>> parse_subset("Test of Time") is None
    True
    """
    toks = list(tokens(surface))
    if len(toks) < 2:
        return None
    # Prefix form: "<split> set of [the] X" (the set word is required, or "Test of
    # Time" would be a split of "Time").
    if (
        len(toks) >= 4
        and toks[0].text in SPLIT_WORDS
        and toks[1].text in _SET_WORDS
        and toks[2].text in _OF_WORDS
    ):
        rest = toks[3:]
        if len(rest) > 1 and rest[0].text == "the":
            rest = rest[1:]
        return _subset(surface, rest, [toks[0].text])
    # Suffix form: "X [split] [split] [set]".
    end = len(toks)
    if toks[end - 1].text in _SET_WORDS:
        end -= 1
    words: list[str] = []
    while end > 1 and toks[end - 1].text in SPLIT_WORDS and len(words) < 2:
        words.insert(0, toks[end - 1].text)
        end -= 1
    if not words or end < 1:
        return None
    return _subset(surface, toks[:end], words)


def _subset(surface: str, base: list[Token], words: list[str]) -> SubsetOf | None:
    base_key = key_of(base)
    if len(base_key) < 2 or base[-1].text in _SET_WORDS:
        return None
    split = "-".join(SPLIT_WORDS[w] for w in words)
    return SubsetOf(base=_cut(surface, base), base_key=base_key, split=split)


def _variant_word(tok: Token, *, outermost: bool, named: bool = True) -> bool:
    if tok.text in _SIZE_WORDS or _VERSION.match(tok.text):
        return True
    if not named:
        return False
    # Any hyphen-glued word counts as a named variant ("Transformer-XL",
    # "ImageNet-Sketch"), but only as the last part: "Sharpness-Aware
    # Minimization" ends in a space-separated word and is left alone.
    return tok.joined and outermost and len(tok.text) <= 12


def variant_bases(surface: str, *, named: bool = True) -> list[tuple[str, str]]:
    """Candidate base names of ``surface`` as ``(base surface, base key)``, nearest first.

    ``named=False`` accepts only sizes and versions as the variant part: a
    dataset with a named suffix ("ImageNet-CN", "ImageNet-Sketch") is another
    dataset, whose scores never rank beside the base's; "ImageNet-1K" is a
    variant of ImageNet.

    >>> [b for b, _ in variant_bases("Llama-2-7B")]
    ['Llama-2', 'Llama']
    >>> [b for b, _ in variant_bases("ResNet-50")]
    ['ResNet']
    >>> [b for b, _ in variant_bases("YOLOv8")]
    ['YOLO']
    >>> variant_bases("Sharpness-Aware Minimization")
    []
    >>> variant_bases("ImageNet-CN", named=False), [b for b, _ in variant_bases("ImageNet-1K", named=False)]
    ([], ['ImageNet'])
    """
    toks = list(tokens(surface))
    if any(t.text in {"+", "#"} for t in toks):
        return []  # "MobileNetV2+HAQ" is a combination, not a variant
    cleaned = clean_surface(surface)
    out: list[tuple[str, str]] = []
    outermost = True
    while toks:
        last = toks[-1]
        if len(toks) >= 2 and _variant_word(last, outermost=outermost, named=named):
            toks = toks[:-1]
        else:
            m = _ATTACHED.match(last.text)
            if not m:
                break
            cut = last.start + len(m.group(1))
            toks = toks[:-1] + [Token(m.group(1), last.joined, last.start, cut)]
        outermost = False
        key = key_of(toks)
        if len(key) < _MIN_BASE_KEY:
            break
        out.append((cleaned[toks[0].start : toks[-1].end].rstrip(" -/"), key))
    return out

"""Surface forms -> matching keys.

Two surface forms get the same key when they differ only in case, hyphens,
spacing, plural ending, a leading article or a trailing parenthetical:
``ImageNet-1K``, ``imagenet 1k`` and ``ImageNet1K`` all become ``imagenet1k``;
``graph neural networks`` and ``Graph Neural Network`` become
``graphneuralnetwork``. Keys are only compared, never shown.

Variant and subset suffixes (``ResNet-50``, ``ImageNet-val``) are *kept* in the
key: telling them apart from their base is the job of :mod:`papergraph.link.variants`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters/digits runs (with decimal points inside numbers, "Qwen2.5"), and the few
# symbols that distinguish names ("C++", "F#").
_TOKEN = re.compile(r"[^\W_]+(?:\.\d+)*|[+#]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_LEADING_WORDS = frozenset({"the", "a", "an", "our", "their", "its", "this", "these"})
# Words that never carry a plural "s" worth removing.
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "ics", "sis")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a surface form: lower-cased text and how it attached to the previous one."""

    text: str
    joined: bool  # True when glued to the previous token by "-", "/" or nothing
    start: int  # offsets into clean_surface(original), to cut original-case substrings
    end: int


def _singular(word: str) -> str:
    """Strip a plural ending from one token, keeping its case.

    ``GNNs`` -> ``GNN``, ``networks`` -> ``network``, ``strategies`` -> ``strategy``.
    Names are never trimmed: an acronym or a mixed-case word (``NAS``, ``BigNAS``,
    ``GraphGPS``, ``MegaBlocks``) stays as written, and so do words like ``loss``;
    only lower-case (or capitalised) common nouns and an acronym's own plural
    ("LLMs") fold.
    """
    if len(word) >= 2 and word[-1] == "s" and word[-2].isupper():
        return word[:-1]  # "LLMs", "NNs": lower-case s after an acronym
    if any(c.isupper() for c in word[1:]):
        return word  # a name: "BigNAS", "ShiftNAS", "EfficientNets"
    low = word.lower()
    if len(low) < 4 or not low.endswith("s") or not low.isalpha():
        return word
    if low.endswith(_NOT_PLURAL_ENDINGS):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if low.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=1 << 18)
def clean_surface(text: str) -> str:
    """Unicode-normalise, unify dashes, drop a trailing parenthetical and outer spaces."""
    s = unicodedata.normalize("NFKC", text).translate(_DASHES)
    s = _TRAILING_PAREN.sub("", s) or s
    return " ".join(s.split())


@lru_cache(maxsize=1 << 18)
def tokens(text: str) -> tuple[Token, ...]:
    """The singular, lower-cased tokens of ``text``, leading articles removed."""
    s = clean_surface(text)
    out: list[Token] = []
    prev_end = -1
    for m in _TOKEN.finditer(s):
        gap = s[prev_end : m.start()] if prev_end >= 0 else " "
        joined = prev_end >= 0 and (gap == "" or gap.strip() in {"-", "/"}) and " " not in gap
        out.append(Token(_singular(m.group()).lower(), joined, m.start(), m.end()))
        prev_end = m.end()
    while len(out) > 1 and out[0].text in _LEADING_WORDS:
        out.pop(0)
        first = out[0]
        out[0] = Token(first.text, False, first.start, first.end)
    return tuple(out)


def key_of(toks: tuple[Token, ...] | list[Token]) -> str:
    return "".join(t.text for t in toks)


@lru_cache(maxsize=1 << 18)
def surface_key(text: str) -> str:
    """The matching key of a surface form.

    >>> surface_key("ImageNet-1K") == surface_key("imagenet 1k") == surface_key("ImageNet1K")
    True
    >>> surface_key("Graph Neural Networks (GNNs)")
    'graphneuralnetwork'
    >>> surface_key("ImageNet-21K") == surface_key("ImageNet-1K")
    False
    """
    k = key_of(tokens(text))
    if not k:
        # Nothing alphanumeric (e.g. a lone symbol): fall back to the cleaned text.
        return clean_surface(text).lower()
    return k


def literal_key(text: str) -> str:
    """:func:`surface_key` without plural folding, for looking up a name typed in
    lower case: ``bignas`` is BigNAS (whose key keeps its S), not a plural.

    >>> literal_key("bignas"), surface_key("bignas"), surface_key("BigNAS")
    ('bignas', 'bigna', 'bignas')
    """
    s = clean_surface(text)
    words = [m.group().lower() for m in _TOKEN.finditer(s)]
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words.pop(0)
    return "".join(words) or s.lower()


@lru_cache(maxsize=1 << 18)
def display_form(text: str) -> str:
    """A readable singular form of ``text`` used to pick an entity's name.

    >>> display_form("graph neural networks")
    'graph neural network'
    >>> display_form("LLMs")
    'LLM'
    """
    s = clean_surface(text)
    words = s.split(" ")
    if not words:
        return s
    last = words[-1]
    # Singularise only the final word's last hyphen part: "Vision-Transformers".
    head, sep, tail = last.rpartition("-")
    words[-1] = head + sep + _singular(tail)
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def is_acronym(text: str) -> bool:
    """Short, space-free and mostly upper case: ``GNN``, ``ViT``, ``LLMs``, ``BERT``.

    >>> [is_acronym(t) for t in ("GNN", "ViT", "LLMs", "Transformer", "graph nets")]
    [True, True, True, False, False]
    """
    s = clean_surface(text)
    if not s or " " in s or len(s) > 12:
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def initials(text: str) -> str:
    """First letters of the words of a long form ("graph neural networks" -> "gnn")."""
    words = re.split(r"[\s\-/]+", clean_surface(text))
    return "".join(w[0].lower() for w in words if w and w[0].isalnum())


@lru_cache(maxsize=1 << 16)
def plausible_abbreviation(short: str, long: str) -> bool:
    """Whether ``short`` can abbreviate ``long``: its letters appear in order,
    the first at the start of a word of ``long``.

    >>> plausible_abbreviation("GNN", "graph neural networks")
    True
    >>> plausible_abbreviation("ViT", "Vision Transformer")
    True
    >>> plausible_abbreviation("SVM", "random forest")
    False
    """
    letters = [c.lower() for c in clean_surface(short) if c.isalnum()]
    if letters and letters[-1] == "s" and short.rstrip()[-1:] == "s":
        letters = letters[:-1]  # plural "s" of "GNNs"
    lf = clean_surface(long).lower()
    if not letters or not lf:
        return False
    words = re.split(r"[\s\-/]+", lf)
    if not any(w.startswith(letters[0]) for w in words):
        return False
    pos = 0
    for c in letters:
        pos = lf.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True



def spelled_core(short: str, long: str) -> str:
    """The shortest run of ``long``'s last words that ``short`` still abbreviates; "" when none.

    >>> spelled_core("SGD", "layer-wise stochastic gradient descent")
    'stochastic gradient descent'
    >>> spelled_core("GNN", "graph neural networks")
    'graph neural networks'
    """
    words = clean_surface(long).split()
    for k in range(1, len(words) + 1):
        tail = " ".join(words[-k:])
        if plausible_abbreviation(short, tail) and tail[:1].lower() == _first_letter(short):
            return tail
    return ""


def _first_letter(short: str) -> str:
    return next((c.lower() for c in short if c.isalpha()), "")


def same_words(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same words but for case, plural and one-letter typos.

    >>> same_words("Stochastic Gradient Decent", "stochastic gradient descent")
    True
    >>> same_words("graph neural network", "graph attention network")
    False
    """
    ta, tb = [t.text for t in tokens(a)], [t.text for t in tokens(b)]
    if not ta or len(ta) != len(tb):
        return False
    return all(x == y or (min(len(x), len(y)) >= 5 and _one_edit(x, y)) for x, y in zip(ta, tb, strict=True))


def _one_edit(x: str, y: str) -> bool:
    """Whether one insertion, deletion or substitution turns ``x`` into ``y``."""
    if abs(len(x) - len(y)) > 1:
        return False
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    if len(x) == len(y):
        return x[i + 1 :] == y[i + 1 :]
    return x[i + 1 :] == y[i:] if len(x) > len(y) else x[i:] == y[i + 1 :]

# Head words that add nothing to a name ("the ImageNet dataset", "the Transformer
# model"), by entity label. A stripped key is only used when some other mention
# already has it, so "language model" never collapses into "language".
_GENERIC_HEADS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Method": (
        ("model",), ("architecture",), ("network",), ("framework",), ("method",),
        ("algorithm",), ("approach",), ("module",), ("backbone",),
    ),
    "Dataset": (
        ("dataset",), ("data", "set"), ("benchmark",), ("corpus",), ("corpora",),
        ("database",), ("data",), ("suite",),
    ),
    "Metric": (("score",), ("metric",), ("measure",), ("value",)),
    "Task": (("task",), ("problem",)),
}  # fmt: skip
_GENERIC_LEADS: dict[str, frozenset[str]] = {
    "Method": frozenset({"vanilla", "standard", "plain", "original"}),
}


def strip_generic(text: str, label: str) -> tuple[str, str] | None:
    """``text`` without a generic head/lead word, as ``(surface, key)``; None when none.

    >>> strip_generic("the ImageNet dataset", "Dataset")
    ('ImageNet', 'imagenet')
    >>> strip_generic("vanilla Transformer model", "Method")
    ('Transformer', 'transformer')
    >>> strip_generic("Transformer", "Method") is None
    True
    """
    toks = list(tokens(text))
    changed = False
    leads = _GENERIC_LEADS.get(label, frozenset())
    while len(toks) > 1 and toks[0].text in leads:
        toks.pop(0)
        changed = True
    for head in _GENERIC_HEADS.get(label, ()):
        n = len(head)
        if len(toks) > n and tuple(t.text for t in toks[-n:]) == head:
            toks = toks[:-n]
            changed = True
            break
    if not changed:
        return None
    return clean_surface(text)[toks[0].start : toks[-1].end].rstrip(" -/"), key_of(toks)

"""Dictionary matching against the shipped gazetteer (component ``pg_gazetteer``).

Two PhraseMatchers: names as written (``ORTH``: "ImageNet", "BERT") and
lower-case phrases (``LOWER``: "image classification"). Entries with a
``context`` list only count when one of those words occurs in the sentence
("Adam" next to "optimizer"). The entries come from
``papergraph/data/gazetteer/entries.jsonl``, built by
:mod:`papergraph.training.gazetteer`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from papergraph.errors import PapergraphError
from papergraph.extract.merge import Candidate
from papergraph.extract.state import get_state
from papergraph.extract.tokenizer import uncached_copy
from papergraph.extract.vocab import METHOD_HEADS

SOURCE = "gazetteer"


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    label: str
    canonical: str
    case: str
    context: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load_entries(path: str | None = None) -> tuple[Entry, ...]:
    """Read the gazetteer entries (the shipped file unless ``path`` is given)."""
    if path is None:
        ref = resources.files("papergraph").joinpath("data/gazetteer/entries.jsonl")
        try:
            text = ref.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PapergraphError(
                "the gazetteer package data is missing; rebuild it with "
                "`python -m papergraph.training.gazetteer /path/to/shared/data/gazetteer`"
            ) from None
    else:
        text = Path(path).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Entry(d["text"], d["label"], d["canonical"], d["case"], tuple(d.get("context") or ())))
    return tuple(out)


def _lower_variants(e: Entry) -> list[str]:
    """Extra lower-case surfaces: multi-word method names as prose writes them."""
    if e.case != "exact" or e.label != "Method":
        return []
    words = e.text.split()
    if len(words) < 2 or not all(w.isalpha() or "-" in w for w in words):
        return []
    last = words[-1].lower()
    if last not in METHOD_HEADS:
        return []
    low = e.text.lower()
    return [low, low + "s"] if not last.endswith("s") else [low]


class GazetteerMatcher:
    """Finds gazetteer names in a Doc; see the module docstring."""

    def __init__(self, nlp: Language, entries: tuple[Entry, ...]) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.info: dict[str, Entry] = {}
        exact_texts: list[str] = []
        lower_texts: list[str] = []
        for e in entries:
            key = f"{e.case}:{e.text}"
            self.info[key] = e
            (exact_texts if e.case == "exact" else lower_texts).append(e.text)
            for v in _lower_variants(e):
                vkey = f"lower:{v}"
                if vkey not in self.info:
                    self.info[vkey] = Entry(v, e.label, e.canonical, "lower", e.context)
                    lower_texts.append(v)
        # Patterns are tokenized once here, by a copy of the tokenizer: its chunk
        # cache would otherwise fill with gazetteer names instead of the words of
        # the abstracts it is asked to tokenize later.
        tokenizer = uncached_copy(nlp.tokenizer)  # type: ignore[arg-type]
        for matcher, texts, case in ((self.exact, exact_texts, "exact"), (self.lower, lower_texts, "lower")):
            for text, doc in zip(texts, tokenizer.pipe(texts), strict=True):
                matcher.add(f"{case}:{text}", [doc])

    def __call__(self, doc: Doc) -> list[Candidate]:
        st = get_state(doc)
        vocab_strings = doc.vocab.strings
        found: list[Candidate] = []
        for matcher, conf in ((self.exact, 0.8), (self.lower, 0.65)):
            for match_id, s, e in matcher(doc):
                entry = self.info[vocab_strings[match_id]]
                # Span.start_char/end_char, without making a Span: matches are never empty.
                last = doc[e - 1]
                a, b = doc[s].idx, last.idx + len(last)
                if entry.context:
                    ss, se = st.sent_at(a)
                    sent = st.text[ss:se].lower()
                    if not any(w.lower() in sent for w in entry.context):
                        continue
                found.append(Candidate(a, b, entry.label, conf, SOURCE, entry.canonical))  # type: ignore[arg-type]
        return found


@Language.factory("pg_gazetteer", default_config={"path": None})
def make_gazetteer(nlp: Language, name: str, path: str | None) -> GazetteerComponent:
    return GazetteerComponent(GazetteerMatcher(nlp, load_entries(path)))


class GazetteerComponent:
    def __init__(self, matcher: GazetteerMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        get_state(doc).candidates.extend(self.matcher(doc))
        return doc

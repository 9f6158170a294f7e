"""Sentence boundaries by rule, as character spans (component ``pg_sentences``).

Results are bound to their sentence, so boundaries must survive what abstracts
contain: decimals (``80.4%``), abbreviations (``e.g.``, ``et al.``, ``vs.``),
version numbers and initials. A regex over characters is faster than
per-token sentence flags and keeps the spans exact.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.state import get_state

_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|approx|resp|incl|w\.r\.t|"
    r"Dr|Mr|Ms|Prof|St|Inc|Ltd|Jr|al)\.|\b[A-Z]\.)$"
)
# "etc." ends a list, and often a sentence: "... label smoothing; etc. Our method" breaks
# there, unlike "e.g." or "vs." (a capitalised word after "etc." starts a new sentence).
# A candidate end: . ! ? followed by space(s) and an upper-case letter, digit or quote.
_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9\"'(\[])")


def split_sentences(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        head = text[max(s, m.start() - 12) : m.start() + 1]
        if _NO_BREAK_BEFORE.search(head):
            continue
        stop = m.start() + 1 + (len(m.group(0).rstrip()) - 1)
        spans.append((s, stop))
        s = m.end()
    if s < end:
        spans.append((s, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


@Language.component("pg_sentences")
def sentences_component(doc: Doc) -> Doc:
    st = get_state(doc)
    st.sents = [s for f in st.fields for s in split_sentences(st.text, start=f.start, end=f.end)]
    return doc

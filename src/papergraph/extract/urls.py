"""Code and project links in the abstract (component ``pg_code_urls``)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.state import get_state

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'{}|\\^`]+|(?<![\w.@/])(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"'{}|\\^`]+", re.I)
# Links to papers, not to code or a project page.
_NOT_CODE = re.compile(r"(?:arxiv\.org|doi\.org|dx\.doi|aclanthology|openreview\.net|creativecommons)", re.I)


# Every _URL match contains one of these (lower-cased); most abstracts hold none,
# and substring tests are far cheaper than the case-insensitive regex scan.
_HINTS = ("://", "www.", ".com/", ".co/")


def hinted_finditer(pattern: re.Pattern[str], text: str, hay: str, hints: tuple[str, ...]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a URL-like ``pattern``, searched only where a hint is.

    Every match must contain one of ``hints`` (as found in ``hay``, a copy of
    ``text`` with the same offsets, e.g. lower-cased) with no whitespace
    between the start of the match and the hint. The next match then starts
    in the whitespace-free run that ends at the first hint after the previous
    match, or later; the search starts at that run, so the regex, which is
    slow per character, does not scan the text before it.
    """
    out: list[re.Match[str]] = []
    pos = 0
    n = len(text)
    while pos < n:
        q = -1
        for h in hints:
            i = hay.find(h, pos)
            if i >= 0 and (q < 0 or i < q):
                q = i
        if q < 0:
            break
        k = q
        while k > pos and not text[k - 1].isspace():
            k -= 1
        m = pattern.search(text, k)
        if m is None:
            break
        out.append(m)
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return out


def find_code_urls(text: str) -> list[str]:
    """URLs in ``text``, trailing punctuation removed, paper links dropped, in order, unique."""
    low = text.lower()
    if not any(h in low for h in _HINTS):
        return []
    # str.lower() keeps offsets unless a letter's lower case is longer.
    matches = hinted_finditer(_URL, text, low, _HINTS) if len(low) == len(text) else list(_URL.finditer(text))
    seen: dict[str, None] = {}
    for m in matches:
        url = m.group(0).rstrip(".,;:)]}>'\"")
        # A closing parenthesis that belongs to the URL has its opener inside it.
        if url.count("(") > url.count(")") and m.group(0)[len(url) : len(url) + 1] == ")":
            url += ")"
        if _NOT_CODE.search(url) or len(url) < 12:
            continue
        if not url.lower().startswith("http"):
            url = "https://" + url
        seen.setdefault(url, None)
    return list(seen)


@Language.component("pg_code_urls")
def code_urls_component(doc: Doc) -> Doc:
    st = get_state(doc)
    abstract = next((f for f in st.fields if f.name == "abstract"), st.fields[-1])
    st.code_urls = find_code_urls(abstract.norm.original)
    return doc

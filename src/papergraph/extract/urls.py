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


def find_code_urls(text: str) -> list[str]:
    """URLs in ``text``, trailing punctuation removed, paper links dropped, in order, unique."""
    low = text.lower()
    if not any(h in low for h in _HINTS):
        return []
    seen: dict[str, None] = {}
    for m in _URL.finditer(text):
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

"""The tiny hand-made corpus (tests/fixtures/graph/tiny_corpus.json) as records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from papergraph.graph import PaperGraph
from papergraph.types import Extraction, Mention, Paper, Result

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _find(text: str, needle: str, nth: int) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise AssertionError(f"fixture: {needle!r} (#{nth}) not in {text!r}")
    return pos


def _sentence(text: str, start: int) -> str:
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            return text[begin : m.start()]
        begin = m.end()
    return text[begin:]


def records_from_spec(spec: dict[str, Any]) -> tuple[list[Paper], list[Extraction]]:
    papers: list[Paper] = []
    extractions: list[Extraction] = []
    for p in spec["papers"]:
        paper = Paper(
            id=p["id"],
            title=p["title"],
            abstract=p["abstract"],
            authors=tuple(p.get("authors", ())),
            date=p.get("date"),
            code_urls=tuple(p.get("code_urls", ())),
            arxiv_id=p["id"].split(":", 1)[1] if p["id"].startswith("arxiv:") else None,
        )
        mentions = []
        for text, label, *opts in p["mentions"]:
            o = opts[0] if opts else {}
            field = o.get("field", "abstract")
            body = paper.title if field == "title" else paper.abstract
            start = _find(body, text, o.get("nth", 0))
            mentions.append(
                Mention(
                    text=text,
                    label=label,
                    field=field,
                    start=start,
                    end=start + len(text),
                    canonical=o.get("canonical", text),
                    proposed=o.get("proposed", False),
                    confidence=o.get("confidence", 0.9),
                    source=o.get("source", "gazetteer" if label == "Metric" else "ner"),
                    sentence=_sentence(body, start),
                )
            )
        results = []
        for r in p["results"]:
            start = _find(paper.abstract, r["value_text"], r.get("nth", 0))
            results.append(
                Result(
                    value=float(r["value_text"]),
                    value_text=r["value_text"],
                    unit=r.get("unit"),
                    metric=r.get("metric"),
                    dataset=r.get("dataset"),
                    method=r.get("method"),
                    task=r.get("task"),
                    baseline=r.get("baseline"),
                    relation=r["relation"],
                    sentence=_sentence(paper.abstract, start),
                    field="abstract",
                    start=start,
                    end=start + len(r["value_text"]),
                    confidence=r.get("confidence", 0.5),
                    kind=r.get("kind", "score"),
                    flag=r.get("flag", "none"),
                )
            )
        papers.append(paper)
        extractions.append(
            Extraction(id=paper.id, title=paper.title, entities=tuple(mentions), results=tuple(results))
        )
    return papers, extractions


@pytest.fixture(scope="session")
def tiny_records(fixtures_dir: Path) -> tuple[list[Paper], list[Extraction]]:
    spec = json.loads((fixtures_dir / "graph" / "tiny_corpus.json").read_text(encoding="utf-8"))
    return records_from_spec(spec)


@pytest.fixture(scope="session")
def kg(tiny_records: tuple[list[Paper], list[Extraction]]) -> PaperGraph:
    papers, extractions = tiny_records
    return PaperGraph.from_records(papers, extractions)

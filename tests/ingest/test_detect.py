"""Format detection reads content; the extension only breaks ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.ingest import FORMATS, detect_format
from papergraph.ingest.detect import detect_text


@pytest.mark.parametrize(
    "head, suffix, expected",
    [
        ('{"title": "a", "abstract": "b"}\n{"title": "c"}\n', "", "jsonl"),
        ('{"title": "a", "abstract": "b"}\n', ".txt", "jsonl"),
        ('{"title": "a", "abstract": "b"}\n', ".json", "json"),
        ('{\n  "data": [\n  ]\n}\n', ".jsonl", "jsonl"),  # the extension breaks the tie
        ('{\n  "data": []\n}\n', "", "json"),
        ("[null, {}]", ".txt", "json"),
        ('{"title": "cut short\n{"a": 1}\n{"b": 2}\n{"c": 3}\n', "", "jsonl"),
        ("<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>", "", "arxiv-atom"),
        ("% comment\n@InProceedings{key,\n title = {x}}", ".txt", "bibtex"),
        ('"Key","Item Type","Title","Abstract Note"\n', "", "csv"),
        ("Title,Abstract\nA,B\n", ".txt", "csv"),
        ("new\n\nGet trending papers in your email inbox!\n", "", "daily-page"),
        ("SubscribeResMLP: Feedforward networks\nWe present ResMLP.\n", "", "daily-page"),
        ("A title\nAn abstract.\n", ".txt", "daily-page"),
        ("\ufeff  \n[{}]", "", "json"),
    ],
)
def test_detect_text(head: str, suffix: str, expected: str) -> None:
    assert detect_text(head, suffix=suffix) == expected
    assert expected in FORMATS


def test_detect_format_on_files(tmp_path: Path, fixtures_dir: Path) -> None:
    # Content wins over a misleading extension.
    path = tmp_path / "really_bibtex.json"
    path.write_text("@misc{k, title={T}, abstract={A}}\n")
    assert detect_format(path) == "bibtex"
    assert detect_format(fixtures_dir / "ingest" / "mixed.jsonl") == "jsonl"
    assert detect_format(fixtures_dir / "ingest" / "small.bib") == "bibtex"

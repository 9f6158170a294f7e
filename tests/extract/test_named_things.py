"""A name right after a naming word is the paper's own, even when no layer found it."""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.types import Paper


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(use_model=False)


def _mentions(extractor, abstract: str) -> list[tuple[str, str, bool]]:
    ex = extractor.extract_one(Paper("t", "", abstract))
    return [(m.text, m.label, m.proposed) for m in ex.entities]


def test_a_named_framework_is_proposed_at_every_occurrence(extractor) -> None:
    got = _mentions(extractor, "This work proposes a keypoint detection framework named Click-Pose, which cuts "
                               "labeling costs. Click-Pose explores user feedback.")  # fmt: skip
    assert [m for m in got if m[0] == "Click-Pose"] == [("Click-Pose", "Method", True)] * 2


def test_a_named_benchmark_is_a_dataset(extractor) -> None:
    got = _mentions(extractor, "We release a large collection of tasks, a benchmark dubbed TriviaStack, for agents.")
    assert ("TriviaStack", "Dataset", True) in got


@pytest.mark.parametrize(
    "abstract",
    ["This is known as named entity recognition.", "The so-called Grokking effect appears late.",
     "A method called The Best is not a name we expect."],
)  # fmt: skip
def test_no_name_no_mention(extractor, abstract: str) -> None:
    assert not any(p and src == "named" for _, _, p in _mentions(extractor, abstract) for src in ["named"])
    assert "The Best" not in [m[0] for m in _mentions(extractor, abstract)]

"""The rule/NER merge policy, as a table of cases."""

from __future__ import annotations

import pytest

from papergraph.extract.merge import DEFAULT_POLICY, Candidate, MergePolicy, merge_candidates


def rule(start: int, end: int, label: str = "Method", conf: float = 0.9) -> Candidate:
    return Candidate(start, end, label, conf, "gazetteer", canonical="C")  # type: ignore[arg-type]


def model(start: int, end: int, label: str = "Method", conf: float = 0.8) -> Candidate:
    return Candidate(start, end, label, conf, "ner")  # type: ignore[arg-type]


def key(cands: list[Candidate]) -> list[tuple[int, int, str, str, float]]:
    return [(c.start, c.end, c.label, c.source, round(c.confidence, 3)) for c in cands]


PERMISSIVE = MergePolicy(min_confidence={}, override=0.95)
FLOORED = MergePolicy(min_confidence={"Task": 0.5}, override=1.01)
RULE_FLOORED = MergePolicy(min_confidence={}, override=1.01, rule_floor={"Task": 0.7})

CASES = [
    pytest.param([], [], PERMISSIVE, [], id="nothing"),
    pytest.param(
        [rule(0, 5)], [], PERMISSIVE, [(0, 5, "Method", "gazetteer", 0.9)], id="rules-only"
    ),
    pytest.param(
        [], [model(3, 8, "Task")], PERMISSIVE, [(3, 8, "Task", "ner", 0.8)], id="model-only"
    ),
    pytest.param(
        [rule(0, 5)],
        [model(10, 15, "Task")],
        PERMISSIVE,
        [(0, 5, "Method", "gazetteer", 0.9), (10, 15, "Task", "ner", 0.8)],
        id="disjoint-spans-both-kept",
    ),
    pytest.param(
        [rule(0, 5, conf=0.6)],
        [model(0, 5, conf=0.85)],
        PERMISSIVE,
        [(0, 5, "Method", "gazetteer", 0.85)],
        id="agreement-keeps-rule-with-higher-confidence",
    ),
    pytest.param(
        [rule(0, 5, "Dataset")],
        [model(0, 5, "Method", conf=0.99)],
        PERMISSIVE,
        [(0, 5, "Dataset", "gazetteer", 0.9)],
        id="same-offsets-other-label-rule-wins",
    ),
    pytest.param(
        [rule(0, 5, conf=0.9)],
        [model(0, 12, conf=0.8)],
        PERMISSIVE,
        [(0, 5, "Method", "gazetteer", 0.9)],
        id="overlap-below-override-rule-wins",
    ),
    pytest.param(
        [rule(0, 5, conf=0.7), rule(6, 9, "Task", conf=0.7)],
        [model(0, 12, conf=0.97)],
        PERMISSIVE,
        [(0, 12, "Method", "ner", 0.97)],
        id="confident-model-span-replaces-all-it-overlaps",
    ),
    pytest.param(
        [rule(0, 5, conf=1.0)],
        [model(0, 12, conf=0.97)],
        PERMISSIVE,
        [(0, 12, "Method", "ner", 0.97)],
        id="override-beats-even-certain-rules",
    ),
    pytest.param(
        [rule(0, 5, "Task", conf=0.6), rule(10, 15, "Task", conf=0.6), rule(20, 25, "Metric", conf=0.6)],
        [model(10, 15, "Task", conf=0.3)],
        RULE_FLOORED,
        [(10, 15, "Task", "gazetteer", 0.6), (20, 25, "Metric", "gazetteer", 0.6)],
        id="rule-floor-drops-unconfirmed-rule-spans-only",
    ),
    pytest.param(
        [],
        [model(0, 5, "Task", conf=0.4), model(6, 9, "Method", conf=0.4)],
        FLOORED,
        [(6, 9, "Method", "ner", 0.4)],
        id="per-label-floor-drops-unsure-model-spans",
    ),
    pytest.param(
        [rule(20, 25)],
        [model(0, 5, "Task"), model(6, 9, "Metric")],
        PERMISSIVE,
        [(0, 5, "Task", "ner", 0.8), (6, 9, "Metric", "ner", 0.8), (20, 25, "Method", "gazetteer", 0.9)],
        id="output-sorted-by-offset",
    ),
]


@pytest.mark.parametrize("rules, ner, policy, expected", CASES)
def test_merge_policy(
    rules: list[Candidate], ner: list[Candidate], policy: MergePolicy, expected: list
) -> None:
    assert key(merge_candidates(rules, ner, policy=policy)) == expected


@pytest.mark.parametrize(
    "rules, ner",
    [
        ([rule(0, 5), rule(10, 20, "Task")], [model(3, 12, conf=0.99), model(15, 30, "Metric", conf=0.3)]),
        ([rule(0, 30, "Task", conf=0.5)], [model(0, 4), model(5, 9), model(25, 40, conf=1.0)]),
    ],
)
@pytest.mark.parametrize("policy", [DEFAULT_POLICY, PERMISSIVE, FLOORED, RULE_FLOORED])
def test_merge_never_returns_overlaps(
    rules: list[Candidate], ner: list[Candidate], policy: MergePolicy
) -> None:
    merged = merge_candidates(rules, ner, policy=policy)
    for a, b in zip(merged, merged[1:], strict=False):
        assert a.end <= b.start


def test_default_policy_is_positional_compatible() -> None:
    assert key(merge_candidates([rule(0, 5)], [model(7, 9, "Task", conf=0.99)])) == [
        (0, 5, "Method", "gazetteer", 0.9),
        (7, 9, "Task", "ner", 0.99),
    ]

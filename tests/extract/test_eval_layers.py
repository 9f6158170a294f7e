"""`papergraph eval` reports the whole extractor on every dev set, each layer beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.slow


def test_eval_reports_the_whole_extractor_with_the_layers_beside(train_dir: Path, seeds_dir: Path) -> None:
    from papergraph.cli import app
    from papergraph.evaluate.entities import evaluate

    r = CliRunner().invoke(app, ["eval", "--only", "entities", "--data", str(train_dir), "--seeds", str(seeds_dir),
                                 "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    printed = json.loads(r.stdout)  # progress goes to stderr
    sets = ["scierc_dev", "tdmsci_heldout", "scirex_dev", "seeds_dev"]
    assert [s["name"] for s in printed["entities"]] == sets
    assert set(printed["layers"]) == {"all", "rules", "model"}
    for layer in ("all", "rules", "model"):
        assert list(printed["layers"][layer]) == sets
    # the headline is the whole extractor, the same figures evaluate() gives
    whole = {s.name: s.micro.to_dict() for s in evaluate(train_dir, layer="all", sets=sets, seeds=seeds_dir)}
    assert printed["layers"]["all"] == whole
    seeds = printed["entities"][3]
    assert seeds["documents"] == 40 and set(seeds["by_type"]) == {"Method", "Dataset", "Task", "Metric"}

"""examples/questions.ipynb runs from top to bottom and answers what the API answers.

The notebook is executed by a Jupyter kernel of this very interpreter (a kernel
spec written into a temporary folder, so no installed kernel is picked up by
name) importing this papergraph (PYTHONPATH), in the examples folder.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import papergraph
from tests.conftest import EXAMPLES

NOTEBOOK = EXAMPLES / "questions.ipynb"
INPUTS = [EXAMPLES / "papers.jsonl", EXAMPLES / "daily_papers.txt"]

nbformat = pytest.importorskip("nbformat", reason="needs the test extra (nbformat, nbclient, ipykernel)")
nbclient = pytest.importorskip("nbclient", reason="needs the test extra (nbformat, nbclient, ipykernel)")
pytest.importorskip("ipykernel", reason="needs the test extra (nbformat, nbclient, ipykernel)")


def test_the_stored_notebook_is_clean() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert len({c.id for c in nb.cells}) == len(nb.cells)


def _kernel(tmp: Path) -> Any:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    package_root = str(Path(papergraph.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    spec = tmp / "kernels" / "papergraph-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "papergraph test", "language": "python", "env": {"PYTHONPATH": path},
    }), encoding="utf-8")  # fmt: skip
    specs = KernelSpecManager(kernel_dirs=[str(tmp / "kernels")])
    return KernelManager(kernel_name="papergraph-test", kernel_spec_manager=specs)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, km=_kernel(tmp_path_factory.mktemp("kernel")), timeout=120,
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()
    return nb


@pytest.fixture(scope="module")
def kg() -> papergraph.PaperGraph:
    # Built in memory, not through the notebook's output folder.
    return papergraph.build(INPUTS, use_model=False)


def _output(nb: Any, tag: str, mime: str) -> str:
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, tag
    texts = [o["data"][mime] for o in cells[0].outputs if mime in o.get("data", {})]
    assert texts, f"{tag}: no {mime} output"
    return "\n".join(texts)


@pytest.mark.slow
def test_every_cell_runs(executed: Any) -> None:
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert not errors, f"{cell.id}: {errors[0]['ename']}: {errors[0]['evalue']}"


@pytest.mark.slow
def test_question_1_the_coco_leaderboard(executed: Any, kg: papergraph.PaperGraph) -> None:
    table = _output(executed, "coco-leaderboard", "text/html")
    tables = kg.leaderboards("COCO")
    claims = [r for t in tables for r in t.rows] + [u.row for t in tables for u in t.unranked]
    assert claims
    for row in claims:
        assert f"<td>{row.value_text}</td>" in table
        if row.method:
            assert f"<td>{row.method}</td>" in table
    methods = _output(executed, "coco-methods", "text/html")
    evaluated = kg.methods_evaluated_on("COCO")
    assert evaluated and all(f"<td>{m.name}</td>" in methods for m in evaluated)


@pytest.mark.slow
def test_question_2_datasets_used_with_resnet50(executed: Any, kg: papergraph.PaperGraph) -> None:
    text = _output(executed, "resnet-datasets", "text/plain")
    G = kg.to_networkx(copy=False)
    counts: Counter[str] = Counter()
    for paper in kg.papers_using("ResNet-50"):
        datasets = {G.nodes[v]["label"] for v in G.successors(paper.id) if G.nodes[v]["kind"] == "Dataset"}
        counts.update(datasets)
    assert counts
    for name, n in counts.items():
        assert re.search(rf"^{re.escape(name)}\s+{n}$", text, re.M), (name, n, text)
    assert len(text.strip().splitlines()) == len(counts) + 2  # the index name and the dtype line


@pytest.mark.slow
def test_question_3_papers_per_month_reporting_accuracy(executed: Any, kg: papergraph.PaperGraph) -> None:
    from papergraph.viz.overview import month_key

    text = _output(executed, "accuracy-months", "text/plain")
    months = Counter(m for p in kg.papers_using("accuracy") if (m := month_key(p.date)))
    assert sum(months.values()) >= 5
    for month, n in months.items():
        assert re.search(rf"^{month}\s+{n}$", text, re.M), (month, n, text)
    assert len(re.findall(r"^\d{4}-\d\d\s+\d+$", text, re.M)) == len(months)


def test_a_build_of_the_folder_does_not_read_the_notebook() -> None:
    whole = papergraph.read([EXAMPLES])
    assert sorted(p.id for p in whole.papers) == sorted(p.id for p in papergraph.read(INPUTS).papers)
    assert all(not str(p.source_file).endswith(".ipynb") for p in whole.papers)

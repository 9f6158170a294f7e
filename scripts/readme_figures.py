"""Write the build figures quoted in README.md and docs/*.md from real builds.

    .venv/bin/python scripts/readme_figures.py            # rewrite the blocks in place
    .venv/bin/python scripts/readme_figures.py --check    # exit 1 when a block is out of date
    .venv/bin/python scripts/readme_figures.py --no-seeds # leave the seeds blocks as they are

It builds examples/ as `make demo` does (`papergraph build examples`, default
options) and, when the shared data is there (PAPERGRAPH_SHARED, else
../shared), the seeds the same way, and replaces the text between each pair of
markers ``<!-- figures:NAME:begin -->`` and ``<!-- figures:NAME:end -->`` with
what :func:`blocks` renders from the builds' report.json. Everything else in
the files is left alone. tests/test_readme.py fails when README's demo blocks
drift from a fresh build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FILES = (ROOT / "README.md", ROOT / "docs" / "ontology.md")
COMMAND = "python scripts/readme_figures.py"
_BLOCK = re.compile(r"(<!-- figures:([a-z-]+):begin -->)(.*?)(<!-- figures:\2:end -->)", re.S)


def build_report(inputs: Path, out: Path) -> dict[str, Any]:
    """Build ``inputs`` into ``out`` with papergraph build's default options; its report.json."""
    from papergraph.pipeline import build

    build([inputs], out)
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def _n(x: int) -> str:
    return f"{x:,}"


def _row(name: str, r: Mapping[str, Any]) -> str:
    e, k = r["entities_by_type"], r["claims_by_kind"]
    claims = (f"{_n(r['results'])} ({_n(k.get('score', 0))} scores, {_n(k.get('change', 0))} changes, "
              f"{_n(k.get('other-system', 0))} other-system, {_n(k.get('not-a-result', 0))} not-a-result)")
    cells = [name, _n(r["papers_written"]), _n(e["Method"]), _n(e["Dataset"]), _n(e["Task"]),
             _n(e["Metric"]), claims, _n(r["leaderboard_rows"]), f"{_n(r['nodes'])} / {_n(r['edges'])}",
             _n(r["triples"]), str(r["shacl_scope"])]
    return "| " + " | ".join(cells) + " |"


_HEADER = ("| build | papers | methods | datasets | tasks | metrics | numbers read as claims | "
           "leaderboard rows | graph nodes / edges | RDF triples | SHACL validated |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|")


def shacl_sentence() -> str:
    """How much of a build SHACL validates."""
    return ("SHACL-validated on every build, every triple (papergraph's streaming validator for its shapes; "
            "`shacl_scope` in `report.json` says so; `papergraph validate OUT --engine pyshacl` checks with "
            "pyshacl, the reference)")


def validate_example(demo_out: Path, tmp: Path) -> str:
    """`papergraph validate` on the demo build and on the broken graph of the tests, as run."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the broken graph is the tests' own
    from tests.rdf.rdf_graphs import broken_graph

    from papergraph.rdf import write_rdf
    from papergraph.rdf.validate import validate_outdir

    broken = tmp / "broken"
    broken.mkdir()
    write_rdf(broken_graph(), broken, validate=False)
    ok, bad = validate_outdir(demo_out), validate_outdir(broken)
    return (f"\n```console\n$ papergraph validate outputs/\n{ok.summary()}\n$ papergraph validate broken/\n"
            f"{bad.summary()}\n{bad.text}\n```\n")


def blocks(
    demo: Mapping[str, Any], seeds: Mapping[str, Any] | None, *, example: str | None = None
) -> dict[str, str]:
    """The text of each block, by name; the seeds blocks only with a seeds report."""
    from papergraph.rdf.validate import FULL_LIMIT, SAMPLE_PAPERS

    out = {
        "shacl": shacl_sentence(),
        "demo": f"\n{_HEADER}\n{_row('`make demo` (examples/)', demo)}\n",
        "shacl-limits": (
            "\nEvery triple of every build is validated, by papergraph's own validator for the SHACL "
            "features its shapes use (two streaming passes over the subject-sorted graph.nt). "
            f"`papergraph validate OUT --engine pyshacl` uses pyshacl instead: whole up to {_n(FULL_LIMIT)} "
            f"triples, above that a deterministic sample, the {SAMPLE_PAPERS} papers whose IRIs hash lowest "
            "and what they own (their results and evidence, the relations read from them, the entities they "
            f"link to and those entities' aliases). `make demo` writes {_n(demo['triples'])} triples; its "
            f"`shacl_scope`: `{demo['shacl_scope']}`.\n"
        ),
    }
    if example is not None:
        out["validate-example"] = example
    if seeds is not None:
        out["seeds"] = f"\n{_HEADER}\n{_row('seeds (`papergraph build ../shared/data/seeds`)', seeds)}\n"
        out["shacl-seeds"] = (f"\nSeeds figures: the seeds build ({_n(seeds['papers_written'])} papers) "
                              f"writes {_n(seeds['triples'])} triples; its `shacl_scope`: "
                              f"`{seeds['shacl_scope']}`.\n")
    return out


def rewrite(text: str, new: Mapping[str, str]) -> str:
    """``text`` with each block named in ``new`` replaced; other blocks as they were."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(2)
        return m.group(1) + new[name] + m.group(4) if name in new else m.group(0)

    return _BLOCK.sub(sub, text)


def block_names(text: str) -> list[str]:
    return [m.group(2) for m in _BLOCK.finditer(text)]


def _shared() -> Path:
    return Path(os.environ.get("PAPERGRAPH_SHARED", ROOT.parent / "shared"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="Change nothing; exit 1 when a block is out of date.")
    ap.add_argument("--no-seeds", action="store_true", help="Do not build the seeds; keep their blocks.")
    args = ap.parse_args(argv)
    seeds_dir = _shared() / "data" / "seeds"
    with tempfile.TemporaryDirectory(prefix="papergraph-figures-") as tmp:
        demo = build_report(EXAMPLES, Path(tmp) / "demo")
        example = validate_example(Path(tmp) / "demo", Path(tmp))
        seeds = None
        if not args.no_seeds:
            if seeds_dir.is_dir():
                seeds = build_report(seeds_dir, Path(tmp) / "seeds")
            else:
                print(f"no {seeds_dir}: the seeds blocks are left as they are", file=sys.stderr)
    new = blocks(demo, seeds, example=example)
    stale = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        updated = rewrite(text, new)
        if updated != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(updated, encoding="utf-8")
    verb = "out of date" if args.check else "rewritten"
    for name in stale:
        print(f"{name}: {verb}")
    if not stale:
        print("every figures block is up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

"""Choose the corpus abstracts of the claims dev set and list their numbers.

The selection is fixed before any extraction is run and never looks at
papergraph's output:

* read ``../shared/data/corpus/arxiv-abstracts.jsonl.gz`` with papergraph's
  reader (so offsets index ``Paper.title`` / ``Paper.abstract`` as read);
* order the papers by the SHA-1 of their id;
* keep those whose abstract holds 3 to 14 numbers (see below), the first 180;
* paper ``i`` of that list goes to annotation batch ``i % 4`` and to the
  ``dev`` split when ``i % 3 == 2`` (60 papers, never used for tuning), else
  to ``tune``.

A number is a match of :data:`NUMBER` below (digits not glued to a word, a
hyphen, a dot, a slash or an ``@``); the span recorded is the digits alone.

    .venv/bin/python eval/claims_select.py --out /tmp/claims_batches

writes one Markdown file per batch for the annotators (the abstracts with each
number marked) and ``selection.json`` (ids, splits, number offsets). The
Markdown holds corpus text and is never committed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"
N_PAPERS = 180
N_BATCHES = 4
MIN_NUMBERS, MAX_NUMBERS = 3, 14

NUMBER = re.compile(r"(?<![\w\-./@])[+\-−±]?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w\-])")


def numbers(text: str) -> list[tuple[int, int, str]]:
    return [(m.start("num"), m.end("num"), m.group("num")) for m in NUMBER.finditer(text)]


def split_of(i: int) -> str:
    return "dev" if i % 3 == 2 else "tune"


def select(corpus: Path = CORPUS) -> list:
    from papergraph.ingest import read_papers

    papers = read_papers([corpus]).papers
    ordered = sorted(papers, key=lambda p: hashlib.sha1(p.id.encode()).hexdigest())
    chosen = [p for p in ordered if MIN_NUMBERS <= len(numbers(p.abstract)) <= MAX_NUMBERS]
    return chosen[:N_PAPERS]


def _marked(text: str, nums: list[tuple[int, int, str]], first: int) -> str:
    out, at = [], 0
    for k, (a, b, s) in enumerate(nums):
        out.append(text[at:a])
        out.append(f"⟦n{first + k}:{s}⟧")
        at = b
    out.append(text[at:])
    return " ".join("".join(out).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = select()
    selection = []
    batches: dict[int, list[str]] = {k: [] for k in range(N_BATCHES)}
    for i, p in enumerate(chosen):
        t_nums, a_nums = numbers(p.title), numbers(p.abstract)
        listed = [("title", *n) for n in t_nums] + [("abstract", *n) for n in a_nums]
        selection.append({
            "id": p.id, "index": i, "batch": i % N_BATCHES, "split": split_of(i),
            "numbers": [{"n": k, "field": f, "start": a, "end": b, "text": s} for k, (f, a, b, s) in enumerate(listed)],
        })
        batches[i % N_BATCHES].append(
            f"## {p.id}\n\nTITLE: {_marked(p.title, t_nums, 0)}\n\nABSTRACT: {_marked(p.abstract, a_nums, len(t_nums))}\n\n"
            f"numbers: {', '.join(f'n{k}={s}' for k, (_, _, _, s) in enumerate(listed))}\n"
        )
    (args.out / "selection.json").write_text(json.dumps(selection, indent=1), encoding="utf-8")
    for k, blocks in batches.items():
        (args.out / f"batch{k}.md").write_text("\n".join(blocks), encoding="utf-8")
    total = sum(len(s["numbers"]) for s in selection)
    print(f"{len(selection)} papers, {total} numbers, batches of {[len(b) for b in batches.values()]}")


if __name__ == "__main__":
    main()

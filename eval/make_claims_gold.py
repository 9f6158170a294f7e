"""Join the hand labels in ``claims/b*.jsonl`` with the selection into ``claims_dev.jsonl``.

    .venv/bin/python eval/make_claims_gold.py

Re-runs the fixed selection of ``claims_select.py`` (it reads the corpus in
``../shared``), checks that every selected number has exactly one label whose
text is the number as written, and writes one line per paper: its id, its split
(``tune`` or ``dev``) and its numbers with their offsets and labels. Only ids,
offsets and short label strings are stored; the abstracts stay in ``../shared``.
``claims/b0_second.jsonl`` is a second, independent annotation of batch 0, used
only to report agreement between annotators.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from claims_select import numbers, select, split_of  # noqa: E402

KINDS = {"score", "change", "other-system", "not-a-result"}
FLAGS = {"none", "negated", "hypothetical"}
BINDINGS = ("metric", "dataset", "method", "baseline")


def main() -> None:
    labels: dict[tuple[str, int], dict] = {}
    for path in sorted((HERE / "claims").glob("b[0-9].jsonl")):
        for i, line in enumerate(path.open(encoding="utf-8"), 1):
            d = json.loads(line)
            key = (d["paper"], d["n"])
            if key in labels:
                raise SystemExit(f"{path}:{i}: {key} labelled twice")
            if d["kind"] not in KINDS or d["flag"] not in FLAGS:
                raise SystemExit(f"{path}:{i}: bad kind or flag {d['kind']!r} {d['flag']!r}")
            labels[key] = d
    rows, kinds, used = [], Counter(), set()
    for i, p in enumerate(select()):
        listed = [("title", *n) for n in numbers(p.title)] + [("abstract", *n) for n in numbers(p.abstract)]
        out = []
        for n, (field, a, b, text) in enumerate(listed):
            d = labels.get((p.id, n))
            if d is None or d["text"] != text:
                raise SystemExit(f"{p.id} n{n} ({text!r}): no matching label")
            used.add((p.id, n))
            kinds[d["kind"]] += 1
            out.append({"field": field, "start": a, "end": b, "text": text, "kind": d["kind"], "flag": d["flag"],
                        **{k: d[k] for k in BINDINGS}})
        rows.append({"id": p.id, "split": split_of(i), "numbers": out})
    extra = set(labels) - used
    if extra:
        raise SystemExit(f"labels for numbers not in the selection: {sorted(extra)[:5]}")
    with (HERE / "claims_dev.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    splits = Counter(r["split"] for r in rows)
    print(f"{len(rows)} papers ({dict(splits)}), {sum(kinds.values())} numbers: {dict(kinds)}")


if __name__ == "__main__":
    main()

"""Turn the hand annotations in ``annotations.py`` into ``seeds_dev.jsonl``.

The annotations name spans by their surface text so they stay readable; this
script finds every occurrence in the paper's title and abstract and writes
character offsets. Run from the project root:

    .venv/bin/python eval/make_gold.py [--show ID ...]

Spec syntax (one string per entry):

* ``"text"``: every occurrence, case-insensitive, not inside a word or a URL.
* ``"c:text"``: the same, case-sensitive.
* ``"left[[text]]right"``: only the occurrence inside that unique context.
* ``"-left[[text]]right"``: drop that occurrence of an all-occurrence entry.

Longer spans win when entries overlap. Results use the ``[[ ]]`` form or a
bare value text that occurs exactly once in the paper.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from annotations import PAPERS, SELECTION_RULE  # noqa: E402

from papergraph.ingest import read_papers  # noqa: E402

SEEDS = HERE.parent.parent / "shared" / "data" / "seeds"
LABELS = {"M": "Method", "D": "Dataset", "T": "Task", "X": "Metric"}
SHORT = {"Method": "M", "Dataset": "D", "Task": "T", "Metric": "X"}
URL = re.compile(r"https?://\S+")
NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def select(papers: list) -> list:
    """The fixed selection rule: sort by id, every 10th paper, first 40."""
    return sorted(papers, key=lambda p: p.id)[::10][:40]


def _word_ok(text: str, a: int, b: int) -> bool:
    before = text[a - 1] if a > 0 else " "
    after = text[b] if b < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _in_url(text: str, a: int) -> bool:
    return any(m.start() <= a < m.end() for m in URL.finditer(text))


def _context(fields: dict[str, str], spec: str) -> tuple[str, int, int]:
    m = re.fullmatch(r"(.*)\[\[(.+?)\]\](.*)", spec, re.S)
    assert m, spec
    ctx = m.group(1) + m.group(2) + m.group(3)
    hits = [(f, i) for f, t in fields.items() for i in _all(t, ctx)]
    if len(hits) != 1:
        raise SystemExit(f"context {spec!r} found {len(hits)} times")
    f, i = hits[0]
    a = i + len(m.group(1))
    return f, a, a + len(m.group(2))


def _all(text: str, sub: str) -> list[int]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def _occurrences(fields: dict[str, str], spec: str) -> list[tuple[str, int, int]]:
    if "[[" in spec:
        return [_context(fields, spec)]
    case = spec.startswith("c:")
    needle = spec[2:] if case else spec
    out = []
    for f, t in fields.items():
        hay, pat = (t, needle) if case else (t.lower(), needle.lower())
        for i in _all(hay, pat):
            j = i + len(needle)
            if _word_ok(t, i, j) and not _in_url(t, i):
                out.append((f, i, j))
    if not out:
        raise SystemExit(f"no occurrence of {spec!r}")
    return out


def annotate(paper, spec: dict) -> dict:
    fields = {"title": paper.title, "abstract": paper.abstract}
    cands, drops = [], set()
    for key, label in LABELS.items():
        for s in spec.get(key, ()):
            if s.startswith("-"):
                drops.add(_context(fields, s[1:]))
                continue
            cands.extend((f, a, b, label) for f, a, b in _occurrences(fields, s))
    cands = [c for c in cands if c[:3] not in drops]
    # Longest first, then position: a name inside a longer name is not a mention.
    cands.sort(key=lambda c: (-(c[2] - c[1]), c[0], c[1]))
    kept: list[tuple[str, int, int, str]] = []
    for c in cands:
        if any(k[0] == c[0] and k[1] < c[2] and c[1] < k[2] for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c[0] != "title", c[1]))
    ents = [{"field": f, "start": a, "end": b, "text": fields[f][a:b], "label": lab} for f, a, b, lab in kept]
    results = []
    for s in spec.get("R", ()):
        if "[[" in s:
            f, a, b = _context(fields, s)
        else:
            hits = [(f, i) for f, t in fields.items() for i in _all(t, s)]
            if len(hits) != 1:
                raise SystemExit(f"{paper.id}: result {s!r} found {len(hits)} times")
            f, a = hits[0]
            b = a + len(s)
        text = fields[f][a:b]
        num = NUM.search(text)
        assert num, text
        results.append({"field": f, "start": a, "end": b, "value_text": text, "value": float(num.group().replace(",", ""))})
    results.sort(key=lambda r: (r["field"] != "title", r["start"]))
    names = {e["text"].lower() for e in ents}
    for p in spec.get("proposed", ()):
        if p.lower() not in names:
            raise SystemExit(f"{paper.id}: proposed {p!r} is not a marked mention")
    aliases = spec.get("aliases", {})
    for p, alts in aliases.items():
        if p not in spec.get("proposed", ()) or any(a.lower() not in names for a in alts):
            raise SystemExit(f"{paper.id}: aliases of {p!r} must name a proposed entity and marked mentions")
    rec = {"id": paper.id, "entities": ents, "proposed": list(spec.get("proposed", ())), "results": results}
    if aliases:
        rec["proposed_aliases"] = aliases
    return rec


def show(paper, rec: dict) -> str:
    out = []
    for f in ("title", "abstract"):
        t = getattr(paper, f)
        marks = [(e["start"], e["end"], SHORT[e["label"]]) for e in rec["entities"] if e["field"] == f]
        marks += [(r["start"], r["end"], "R") for r in rec["results"] if r["field"] == f]
        for a, b, lab in sorted(marks, reverse=True):
            t = t[:a] + "[" + t[a:b] + "]" + lab + t[b:]
        out.append(f"{f.upper()}: {t}")
    out.append(f"PROPOSED: {rec['proposed']}")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", nargs="*", default=None)
    ap.add_argument("--out", type=Path, default=HERE / "seeds_dev.jsonl")
    args = ap.parse_args()
    papers = select(list(read_papers([SEEDS]).papers))
    by_id = {p.id: p for p in papers}
    assert [p.id for p in papers] == [s["id"] for s in PAPERS] or len(PAPERS) < 40, SELECTION_RULE
    recs = [annotate(by_id[s["id"]], s) for s in PAPERS]
    if args.show is not None:
        for r in recs:
            if not args.show or r["id"] in args.show:
                print(r["id"], show(by_id[r["id"]], r), sep="\n", end="\n\n")
        return
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    print(f"wrote {len(recs)} papers to {args.out}")


if __name__ == "__main__":
    main()

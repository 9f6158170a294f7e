"""Score extractions against the hand-annotated seeds dev set (``eval/seeds_dev.jsonl``).

The gold file holds one JSON object per paper::

    {"id": "...",
     "entities": [{"field", "start", "end", "text", "label"}, ...],
     "proposed": ["name", ...], "proposed_aliases": {"name": ["alias", ...]},
     "results": [{"field", "start", "end", "value_text", "value"}, ...]}

Measures, all micro-averaged over the gold papers:

* entities, per label: exact (field, start, end, label) and lenient (same
  field and label, overlapping span; each gold span matched once);
* proposed: per paper, the names of predicted mentions with ``proposed=True``
  against the gold names, case-insensitive; a prediction naming any alias of a
  gold entity matches it, and further predictions of the same entity are not
  counted against the extractor;
* results: a prediction matches a gold result on the same field with an
  overlapping number span, else on the same value (within 1e-6) in the paper;
  each gold result and each prediction is matched at most once.

Run ``python -m papergraph.evaluate.seeds [--no-model]`` for the table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papergraph.errors import InputError
from papergraph.evaluate.scoring import PRF
from papergraph.types import LABELS, Extraction

FIELDS = ("title", "abstract")
VALUE_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class GoldSpan:
    field: str
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class GoldResult:
    field: str
    start: int
    end: int
    value_text: str
    value: float


@dataclass(frozen=True, slots=True)
class GoldPaper:
    id: str
    entities: tuple[GoldSpan, ...]
    proposed: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]
    results: tuple[GoldResult, ...]


@dataclass(slots=True)
class SeedScores:
    """All dev figures, plus the texts of the errors (for rule tuning)."""

    papers: int
    exact: dict[str, PRF]
    lenient: dict[str, PRF]
    proposed: PRF
    results: PRF
    false_positives: dict[str, Counter[str]] = field(default_factory=dict)
    false_negatives: dict[str, Counter[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "papers": self.papers,
            "exact": {k: v.to_dict() for k, v in self.exact.items()},
            "lenient": {k: v.to_dict() for k, v in self.lenient.items()},
            "proposed": self.proposed.to_dict(),
            "results": self.results.to_dict(),
        }


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _need(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: tuple[str, int]) -> Any:
    if key not in d or not isinstance(d[key], kind):
        raise InputError(f"field {key!r} is missing or not {kind}; see eval/GUIDELINES.md for the format",
                         file=where[0], line=where[1])
    return d[key]


def _span(d: Mapping[str, Any], where: tuple[str, int]) -> tuple[str, int, int]:
    f = _need(d, "field", str, where)
    a, b = _need(d, "start", int, where), _need(d, "end", int, where)
    if f not in FIELDS or not 0 <= a < b:
        raise InputError(f"bad span {f!r} [{a}:{b}]; field must be title or abstract and start < end",
                         file=where[0], line=where[1])
    return f, a, b


def load_gold(path: Path) -> list[GoldPaper]:
    """Read and check the gold file; raises InputError naming the line at fault."""
    path = Path(path)
    if not path.is_file():
        raise InputError("gold file not found; it ships in the repository as eval/seeds_dev.jsonl", file=str(path))
    out: list[GoldPaper] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = (str(path), n)
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", file=str(path), line=n) from None
            pid = _need(d, "id", str, where)
            if pid in seen:
                raise InputError(f"paper {pid} appears twice", file=str(path), line=n)
            seen.add(pid)
            ents = []
            for e in _need(d, "entities", list, where):
                f, a, b = _span(e, where)
                label = _need(e, "label", str, where)
                if label not in LABELS:
                    raise InputError(f"label {label!r} is not one of {', '.join(LABELS)}", file=str(path), line=n)
                ents.append(GoldSpan(f, a, b, _need(e, "text", str, where), label))
            res = []
            for r in d.get("results", []):
                f, a, b = _span(r, where)
                res.append(GoldResult(f, a, b, _need(r, "value_text", str, where),
                                      float(_need(r, "value", (int, float), where))))
            proposed = tuple(_need(d, "proposed", list, where))
            aliases = {k: tuple(v) for k, v in d.get("proposed_aliases", {}).items()}
            out.append(GoldPaper(pid, tuple(ents), proposed, aliases, tuple(res)))
    return out


def _overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _score_entities(gold: GoldPaper, pred: Extraction, scores: SeedScores) -> None:
    gold_spans = {(g.field, g.start, g.end, g.label): g.text for g in gold.entities}
    pred_spans = {(m.field, m.start, m.end, m.label): m.text for m in pred.entities if m.label in LABELS}
    for label in LABELS:
        g = {k for k in gold_spans if k[3] == label}
        p = {k for k in pred_spans if k[3] == label}
        scores.exact[label].add(len(g & p), len(p - g), len(g - p))
        scores.false_positives[label].update(pred_spans[k] for k in p - g)
        scores.false_negatives[label].update(gold_spans[k] for k in g - p)
        # Lenient: greedy one-to-one on overlap, in text order so the result is deterministic.
        free = sorted(g)
        tp = 0
        for k in sorted(p):
            hit = next((x for x in free if _overlap(k[:3], x[:3])), None)
            if hit is not None:
                free.remove(hit)
                tp += 1
        scores.lenient[label].add(tp, len(p) - tp, len(g) - tp)


def _score_proposed(gold: GoldPaper, pred: Extraction, scores: SeedScores) -> None:
    entities = [{_norm(n), *(_norm(a) for a in gold.aliases.get(n, ()))} for n in gold.proposed]
    groups: dict[str, set[str]] = {}
    for m in pred.entities:
        if m.proposed:
            key = _norm(m.canonical or m.text)
            groups.setdefault(key, {key}).add(_norm(m.text))
    matched: set[int] = set()
    fp = []
    for key, names in sorted(groups.items()):
        hits = [i for i, e in enumerate(entities) if e & names]
        new = [i for i in hits if i not in matched]
        if new:
            matched.add(new[0])
        elif not hits:
            fp.append(key)
    missed = [gold.proposed[i] for i in range(len(entities)) if i not in matched]
    scores.proposed.add(len(matched), len(fp), len(missed))
    scores.false_positives["proposed"].update(fp)
    scores.false_negatives["proposed"].update(missed)


def _score_results(gold: GoldPaper, pred: Extraction, scores: SeedScores) -> None:
    free = list(gold.results)
    unmatched = []
    for r in pred.results:
        hit = next((g for g in free if _overlap((r.field, r.start, r.end), (g.field, g.start, g.end))), None)
        if hit is None:
            unmatched.append(r)
        else:
            free.remove(hit)
    fp = []
    # Second pass on value so a prediction with a shifted span still counts once.
    for r in unmatched:
        hit = next((g for g in free if abs(g.value - r.value) <= VALUE_TOLERANCE), None)
        if hit is None:
            fp.append(r.value_text)
        else:
            free.remove(hit)
    tp = len(pred.results) - len(fp)
    scores.results.add(tp, len(fp), len(free))
    scores.false_positives["results"].update(fp)
    scores.false_negatives["results"].update(g.value_text for g in free)


def score_seeds(extractions: Mapping[str, Extraction] | Sequence[Extraction], gold_path: Path) -> SeedScores:
    """Score ``extractions`` (by paper id, or a sequence) on the gold papers of ``gold_path``.

    Extractions of papers outside the gold set are ignored; a gold paper with
    no extraction counts as an empty prediction.
    """
    by_id = dict(extractions) if isinstance(extractions, Mapping) else {x.id: x for x in extractions}
    gold = load_gold(gold_path)
    kinds = [*LABELS, "proposed", "results"]
    scores = SeedScores(
        papers=len(gold),
        exact={label: PRF() for label in LABELS},
        lenient={label: PRF() for label in LABELS},
        proposed=PRF(),
        results=PRF(),
        false_positives={k: Counter() for k in kinds},
        false_negatives={k: Counter() for k in kinds},
    )
    for g in gold:
        pred = by_id.get(g.id) or Extraction(id=g.id, title="")
        _score_entities(g, pred, scores)
        _score_proposed(g, pred, scores)
        _score_results(g, pred, scores)
    return scores


def micro(scores: Iterable[PRF]) -> PRF:
    total = PRF()
    for s in scores:
        total.add(s.tp, s.fp, s.fn)
    return total


def format_scores(scores: SeedScores, *, top: int = 0) -> str:
    """A plain-text table of the figures; with ``top`` > 0, the most common errors per kind."""
    rows = [(f"{label} exact", scores.exact[label]) for label in LABELS]
    rows.append(("entities exact (micro)", micro(scores.exact.values())))
    rows += [(f"{label} lenient", scores.lenient[label]) for label in LABELS]
    rows.append(("entities lenient (micro)", micro(scores.lenient.values())))
    rows += [("proposed", scores.proposed), ("results", scores.results)]
    lines = [f"seeds dev set: {scores.papers} papers", f"{'measure':<26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in rows:
        lines.append(f"{name:<26}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    if top > 0:
        for kind in scores.false_positives:
            for title, counter in (("false positives", scores.false_positives[kind]),
                                   ("false negatives", scores.false_negatives[kind])):
                common = ", ".join(f"{t!r} x{c}" if c > 1 else repr(t) for t, c in counter.most_common(top))
                lines.append(f"{kind} {title}: {common or '-'}")
    return "\n".join(lines)


def default_gold_path() -> Path:
    """``eval/seeds_dev.jsonl`` of the source checkout (not package data).

    Found in the working directory when run from a checkout with papergraph
    installed (a regular install lives outside the checkout), else beside
    the sources of an editable install.
    """
    here = Path.cwd() / "eval" / "seeds_dev.jsonl"
    return here if here.exists() else Path(__file__).resolve().parents[3] / "eval" / "seeds_dev.jsonl"


def run(*, use_model: bool, seeds: Path, gold_path: Path) -> SeedScores:
    """Read the seeds, extract the gold papers with the papergraph extractor, and score them."""
    from papergraph.extract import load_extractor
    from papergraph.ingest import read_papers

    wanted = {g.id for g in load_gold(gold_path)}
    papers = [p for p in read_papers([seeds]).papers if p.id in wanted]
    missing = wanted - {p.id for p in papers}
    if missing:
        raise InputError(f"{len(missing)} gold papers are not in the seeds (e.g. {sorted(missing)[0]}); "
                         "pass the seeds directory the gold file was annotated on", file=str(seeds))
    extractor = load_extractor(use_model=use_model)
    return score_seeds(list(extractor.extract(papers)), gold_path)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import os

    from papergraph.errors import PapergraphError

    root = default_gold_path().parents[1]
    shared = Path(os.environ.get("PAPERGRAPH_SHARED", root.parent / "shared"))
    ap = argparse.ArgumentParser(prog="python -m papergraph.evaluate.seeds", description=__doc__.split("\n")[0])
    ap.add_argument("--no-model", action="store_true", help="rules only, without the trained NER")
    ap.add_argument("--seeds", type=Path, default=shared / "data" / "seeds")
    ap.add_argument("--gold", type=Path, default=default_gold_path())
    ap.add_argument("--top", type=int, default=10, help="list this many most common errors per kind (0: none)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    try:
        scores = run(use_model=not args.no_model, seeds=args.seeds, gold_path=args.gold)
    except PapergraphError as exc:
        print(f"error: {exc}")
        return 2
    print(json.dumps(scores.to_dict(), indent=2) if args.json else format_scores(scores, top=args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

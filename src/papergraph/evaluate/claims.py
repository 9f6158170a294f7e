"""Score claims (kind, flag, bindings) against the hand-annotated claims dev set.

The set (``eval/claims_dev.jsonl``, made by ``eval/make_claims_gold.py`` from
``eval/CLAIMS_GUIDELINES.md``) lists every number of 180 corpus abstracts with
its kind, flag, metric, dataset, method and baseline. The abstracts are read
from the corpus in ``../shared``. A predicted claim is aligned to a gold number
when their spans overlap in the same field.

Reported, per split (``tune``: looked at while writing the rules; ``dev``:
never looked at) and for both together:

* kind: P/R/F1 per kind, and ``result`` value+kind F1 over the numbers that are
  results (score, change, other-system);
* flag: P/R/F1 of negated and hypothetical together;
* bindings: for claims whose kind is right, P/R/F1 of each binding (names
  compared case-, space- and hyphen-blind; the metric by its canonical key);
* leaderboard: of the claims a leaderboard shows (status ``ranked`` in the
  graph built from these abstracts), the share that are an asserted score
  with the right metric, dataset and method; recall over the gold scores that
  name all three.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papergraph.errors import InputError
from papergraph.evaluate.scoring import PRF
from papergraph.graph.directions import canonical_metric
from papergraph.progress import ProgressFn, noop
from papergraph.types import CLAIM_KINDS, Extraction, Paper, Result

RESULT_KINDS = ("score", "change", "other-system")
BINDINGS = ("metric", "dataset", "method", "baseline")
OURS = "OURS"  # the paper's own, never-named method


@dataclass(slots=True)
class ClaimScores:
    name: str
    papers: int = 0
    numbers: int = 0
    kind: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in CLAIM_KINDS})
    result: PRF = field(default_factory=PRF)  # value+kind over score/change/other-system
    flag: PRF = field(default_factory=PRF)
    binding: dict[str, PRF] = field(default_factory=lambda: {b: PRF() for b in BINDINGS})
    board: PRF = field(default_factory=PRF)  # tp: right rows; fp: wrong rows; fn: gold rows not shown
    board_errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "papers": self.papers,
            "numbers": self.numbers,
            "kind": {k: v.to_dict() for k, v in self.kind.items()},
            "result_value_kind": self.result.to_dict(),
            "flag": self.flag.to_dict(),
            "binding": {k: v.to_dict() for k, v in self.binding.items()},
            "leaderboard": self.board.to_dict(),
        }


def _key(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", s.lower())


def _alternatives(gold: str | None, attr: str) -> set[str]:
    if gold is None or gold == OURS:
        return set()
    parts = [p.strip() for p in gold.split("|") if p.strip()]
    if attr == "metric":
        return {_key(canonical_metric(p)) for p in parts} | {_key(p) for p in parts}
    return {_key(p) for p in parts}


def _matches(pred: str | None, gold: str | None, attr: str) -> bool:
    """Same name (case-, space- and hyphen-blind); a metric also by its canonical key, or
    when one name is the other with qualifiers in front ("F1 score" for "slot F1 score")."""
    if pred is None:
        return False
    alts = _alternatives(gold, attr)
    keys = {_key(pred)} | ({_key(canonical_metric(pred))} if attr == "metric" else set())
    if keys & alts:
        return True
    if attr == "metric" and gold:
        pw = canonical_metric(pred).split()
        for g in gold.split("|"):
            gw = canonical_metric(g.strip()).split()
            if pw and gw and (gw[-len(pw):] == pw or pw[-len(gw):] == gw):
                return True
    return False


def ranked_claims(papers: Sequence[Paper], extractions: Sequence[Extraction]) -> list[list[bool]]:
    """For each paper, which of its claims a leaderboard shows: the ``ranked``
    status that :func:`papergraph.graph.leaderboard.mark_leaderboard` gives
    them in the graph built from these records (so the figure is measured on
    what the product shows, linking and review rules included)."""
    from papergraph.graph import model as M
    from papergraph.graph.build import build_graph

    G = build_graph(list(papers), list(extractions))
    return [
        [G.nodes[M.result_node(ex.id, n)].get("board") == "ranked" for n in range(len(ex.results))]
        for ex in extractions
    ]


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise InputError("missing claims dev set (eval/claims_dev.jsonl in a papergraph checkout)", file=str(p))
    rows = []
    with p.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", file=str(p), line=i) from None
    return rows


def read_corpus_papers(corpus: str | Path, ids: Iterable[str]) -> dict[str, Paper]:
    from papergraph.ingest import read_papers

    path = Path(corpus)
    if not path.exists():
        raise InputError("missing corpus (../shared/data/corpus/arxiv-abstracts.jsonl.gz)", file=str(path))
    want = set(ids)
    found = {p.id: p for p in read_papers([path]).papers if p.id in want}
    missing = want - set(found)
    if missing:
        raise InputError(f"{len(missing)} papers of the claims set are not in the corpus, e.g. {sorted(missing)[0]}",
                         file=str(path))
    return found


def score_paper(s: ClaimScores, gold: dict[str, Any], results: Sequence[Result], ranked: Sequence[bool]) -> None:
    s.papers += 1
    used: set[int] = set()
    for g in gold["numbers"]:
        s.numbers += 1
        hit = next((i for i, r in enumerate(results) if i not in used and r.field == g["field"]
                    and r.start < g["end"] and g["start"] < r.end), None)
        r = results[hit] if hit is not None else None
        if hit is not None:
            used.add(hit)
        pk = r.kind if r is not None else "not-a-result"
        gk = g["kind"]
        for k in CLAIM_KINDS:
            s.kind[k].add(int(pk == k and gk == k), int(pk == k and gk != k), int(gk == k and pk != k))
        s.result.add(int(pk == gk and gk in RESULT_KINDS), int(pk in RESULT_KINDS and pk != gk),
                     int(gk in RESULT_KINDS and pk != gk))
        pf = r.flag if r is not None and pk != "not-a-result" else "none"
        gf = g["flag"] if gk != "not-a-result" else "none"
        s.flag.add(int(pf != "none" and pf == gf), int(pf != "none" and pf != gf), int(gf != "none" and pf != gf))
        if r is not None and pk == gk and gk in RESULT_KINDS:
            for b in BINDINGS:
                pred = getattr(r, b)
                has_gold = bool(_alternatives(g[b], b))
                ok = _matches(pred, g[b], b)
                s.binding[b].add(int(ok), int(pred is not None and not ok), int(has_gold and not ok))
        gold_row = gk == "score" and g["flag"] == "none" and all(_alternatives(g[b], b) for b in ("metric", "dataset", "method"))
        if r is not None and hit is not None and ranked[hit]:
            right = gold_row and all(_matches(getattr(r, b), g[b], b) for b in ("metric", "dataset", "method"))
            s.board.add(int(right), int(not right), 0)
            if not right:
                s.board_errors.append({"paper": gold["id"], "number": g["text"], "gold": g,
                                       "pred": {k: getattr(r, k) for k in ("kind", "flag", "metric", "dataset", "method")}})
        elif gold_row:
            s.board.add(0, 0, 1)
    # Claims on text the gold does not list as a number (never expected).
    for i, r in enumerate(results):
        if i not in used and r.kind != "not-a-result":
            s.kind[r.kind].add(0, 1, 0)
            if r.kind in RESULT_KINDS:
                s.result.add(0, 1, 0)


def evaluate_claims(
    gold_path: str | Path,
    corpus: str | Path,
    *,
    extractor: Any = None,
    use_model: bool = True,
    progress: ProgressFn | None = None,
) -> list[ClaimScores]:
    """Scores for the ``tune`` split, the ``dev`` split and both (``all``).

    ``progress`` hears stage ``eval claims``, in abstracts extracted.
    """
    from papergraph.extract import load_extractor

    gold = read_gold(gold_path)
    papers = read_corpus_papers(corpus, (g["id"] for g in gold))
    ex = extractor if extractor is not None else load_extractor(use_model=use_model)
    order = [papers[g["id"]] for g in gold]
    report = progress or noop
    report("eval claims", 0, len(order))
    extractions = []
    for done, extraction in enumerate(ex.extract(order), 1):
        extractions.append(extraction)
        report("eval claims", done, len(order))
    ranked = ranked_claims(order, extractions)
    scores = {name: ClaimScores(name) for name in ("tune", "dev", "all")}
    for g, extraction, shown in zip(gold, extractions, ranked, strict=True):
        for name in (g["split"], "all"):
            score_paper(scores[name], g, extraction.results, shown)
    return [scores["all"], scores["tune"], scores["dev"]]

"""Choose the rule/NER merge policy on dev data and report rules-only, model-only and merged F1.

    .venv/bin/python training/tune_merge.py [--data ../shared/data/train] [--model DIR] [--seeds DIR]

Two dev sets with different conventions are used together:

* the annotated corpora (SciERC dev, SciREX dev, last 20% of TDMSci): the
  pipeline runs once, the resolved rule candidates and NER candidates of each
  text are kept, and ``merge_candidates`` is replayed under each policy;
* the seed-style dev set (``eval/seeds_dev.jsonl``, Hugging Face daily-paper
  abstracts): the full extractor runs under each policy and
  ``papergraph.evaluate.seeds`` scores it.

The objective is the mean of the two exact span+type micro F1s. The search is
coordinate ascent over a small grid (the settings tried are counted and
printed), so the policy has few chances to overfit either set.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from papergraph.evaluate.seeds import SeedScores, micro
from papergraph.evaluate.spans import format_scores, score
from papergraph.extract.merge import DEFAULT_POLICY, Candidate, MergePolicy, merge_candidates
from papergraph.training.corpus import GoldText, read_gold
from papergraph.types import LABELS, Paper

ROOT = Path(__file__).resolve().parent.parent


def seeds_scorer(model_dir: Path | None, seeds: Path) -> Callable[[MergePolicy | None], SeedScores]:
    """A function that extracts the seeds dev papers under a policy (None: rules only) and scores them."""
    from papergraph.evaluate.seeds import default_gold_path, load_gold, score_seeds
    from papergraph.extract import ner, resolve
    from papergraph.extract.engine import Extractor, build_nlp
    from papergraph.ingest import read_papers

    gold_path = default_gold_path()
    wanted = {g.id for g in load_gold(gold_path)}
    papers = [p for p in read_papers([seeds]).papers if p.id in wanted]
    with_model = build_nlp(use_model=False)
    ner.add_ner(with_model, model_dir=model_dir, before="pg_merge")
    extractors = {True: Extractor(with_model), False: Extractor(build_nlp(use_model=False))}
    original = resolve.merge_candidates

    def run(policy: MergePolicy | None) -> SeedScores:
        # The pg_merge component calls merge_candidates with the default policy;
        # swapping the module attribute replays the extractor under ``policy``.
        resolve.merge_candidates = lambda r, n: original(r, n, policy=policy)  # type: ignore[assignment]
        try:
            return score_seeds(list(extractors[policy is not None].extract(papers)), gold_path)
        finally:
            resolve.merge_candidates = original

    return run


def collect(golds: list[GoldText], model_dir: Path | None) -> list[tuple[list[Candidate], list[Candidate]]]:
    """(rule candidates, NER candidates) per gold text, offsets into the original text."""
    from papergraph.extract import ner
    from papergraph.extract.engine import Extractor, build_nlp
    from papergraph.extract.resolve import ner_candidates, resolve_rules
    from papergraph.extract.state import get_state

    nlp = build_nlp(use_model=False)
    ner.add_ner(nlp, model_dir=model_dir, before="pg_merge")
    ex = Extractor(nlp)
    stop = nlp.pipe_names.index("pg_merge")
    out = []
    docs = [ex.make_doc(Paper(id=g.key, title="", abstract=g.text)) for g in golds]
    for _, proc in nlp.pipeline[:stop]:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    for doc in docs:
        st = get_state(doc)

        def original(cands: list[Candidate], st=st) -> list[Candidate]:
            mapped = []
            for c in cands:
                f = st.field_at(c.start)
                if f.name != "abstract" or c.end > f.end:
                    continue
                a, b = f.norm.to_original(c.start - f.start, c.end - f.start)
                mapped.append(Candidate(a, b, c.label, c.confidence, c.source, c.canonical, c.proposed))
            return mapped

        out.append((original(resolve_rules(st.candidates)), original(ner_candidates(doc))))
    return out


def spans(cands: list[Candidate]) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.label) for c in cands]


def _seed_line(name: str, sc: SeedScores) -> str:
    per = "  ".join(f"{lab} {sc.exact[lab].f1:.3f}" for lab in LABELS)
    return f"{name:<28} seeds micro {micro(sc.exact.values()).f1:.3f}  {per}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "data" / "seeds")
    ap.add_argument("--model", type=Path, default=None, help="NER model dir (default: shipped)")
    a = ap.parse_args()
    golds = read_gold(a.data, split="dev")
    pairs = collect(golds, a.model)
    seeds = seeds_scorer(a.model, a.seeds)

    def dev_scores(policy: MergePolicy | None) -> dict:
        return score(golds, [spans(merge_candidates(r, n, policy=policy) if policy else r) for r, n in pairs])

    print("\n== model only (dev corpora)")
    print(format_scores(score(golds, [spans(n) for _, n in pairs])))
    report = {"rules only": None, "rules win on overlap": MergePolicy(), "current default": DEFAULT_POLICY}
    for name, pol in report.items():
        print(f"\n== {name}")
        print(format_scores(dev_scores(pol)))
        print(_seed_line(name, seeds(pol)))

    tried = 0

    def objective(policy: MergePolicy) -> float:
        nonlocal tried
        tried += 1
        return (dev_scores(policy)["all"]["ALL"].f1 + micro(seeds(policy).exact.values()).f1) / 2

    ner_floors = (0.3, 0.5, 0.7, 0.9, 1.01)  # 1.01: the NER never adds this type on its own
    rule_floors = (0.0, 0.5, 0.8)
    overrides = (0.0, 0.5, 0.9, 1.01)  # 1.01: rules always win on overlap
    policy = DEFAULT_POLICY
    best: tuple[float, MergePolicy] = (objective(policy), policy)
    for _ in range(2):
        start = best
        for ov in overrides:
            cand = replace(best[1], override=ov)
            best = max(best, (objective(cand), cand), key=lambda x: x[0])
        for lab in LABELS:
            for fl in ner_floors:
                cand = replace(best[1], min_confidence={**best[1].min_confidence, lab: fl})
                best = max(best, (objective(cand), cand), key=lambda x: x[0])
            for fl in rule_floors:
                cand = replace(best[1], rule_floor={**best[1].rule_floor, lab: fl})
                best = max(best, (objective(cand), cand), key=lambda x: x[0])
        if best[1] == start[1]:
            break
    print(f"\n== best policy ({tried} settings tried, objective {best[0]:.4f}): {best[1]}")
    print(format_scores(dev_scores(best[1])))
    print(_seed_line("best policy", seeds(best[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Choose the rule/NER merge policy on dev data and report rules-only, model-only and merged F1.

    .venv/bin/python training/tune_merge.py [--data ../shared/data/train] [--model DIR]

Runs the papergraph pipeline once over the dev texts (SciERC dev, SciREX dev,
last 20% of TDMSci), keeps the resolved rule candidates and the NER
candidates of each text, then replays ``merge_candidates`` under a grid of
policies. Prints exact span+type P/R/F1 per corpus and type for the three
settings and the best policy by overall dev F1.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from papergraph.extract.merge import Candidate, MergePolicy, merge_candidates
from papergraph.extract.train import GoldText, format_scores, read_gold, score
from papergraph.types import LABELS, Paper

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    ap.add_argument("--model", type=Path, default=None, help="NER model dir (default: shipped)")
    a = ap.parse_args()
    golds = read_gold(a.data, split="dev")
    pairs = collect(golds, a.model)

    settings = {
        "rules only": [spans(r) for r, _ in pairs],
        "model only": [spans(n) for _, n in pairs],
        "merged (rules win)": [spans(merge_candidates(r, n, policy=MergePolicy())) for r, n in pairs],
    }
    for name, preds in settings.items():
        print(f"\n== {name}")
        print(format_scores(score(golds, preds)))

    def f1(policy: MergePolicy) -> float:
        merged = [spans(merge_candidates(r, n, policy=policy)) for r, n in pairs]
        return score(golds, merged)["all"]["ALL"].f1

    floors = (0.0, 0.3, 0.5, 0.7, 0.9)
    rule_floors = (0.0, 0.5, 0.7, 0.8, 0.9, 1.01)
    overrides = (0.0, 0.3, 0.5, 0.7, 0.9, 1.01)
    policy = MergePolicy()
    best: tuple[float, MergePolicy] = (f1(policy), policy)
    # Coordinate ascent over the knobs keeps the grid small (a few hundred replays).
    for _ in range(3):
        for ov in overrides:
            cand = replace(best[1], override=ov)
            best = max(best, (f1(cand), cand), key=lambda x: x[0])
        for lab in LABELS:
            for fl in floors:
                cand = replace(best[1], min_confidence={**best[1].min_confidence, lab: fl})
                best = max(best, (f1(cand), cand), key=lambda x: x[0])
            for fl in rule_floors:
                cand = replace(best[1], rule_floor={**best[1].rule_floor, lab: fl})
                best = max(best, (f1(cand), cand), key=lambda x: x[0])
    print(f"\n== merged, best policy on dev: {best[1]}")
    print(format_scores(score(golds, [spans(merge_candidates(r, n, policy=best[1])) for r, n in pairs])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

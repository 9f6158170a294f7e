"""Throughput of the full extractor (with the trained NER) against a tokenizer-only pass.

    .venv/bin/python benchmarks/bench_ner.py [--n 2000] [--jobs 2] [--corpus PATH] [--model DIR] [--single-model]

Prints abstracts per second for: the papergraph tokenizer alone, the NER
component alone (tokenizer + model), and the whole extractor with
``use_model=True`` (when papergraph.extract.load_extractor is available),
plus the slowdown of each against the tokenizer pass. The bar: the whole
extractor no slower than 20x the tokenizer pass. ``--model`` times another
trained pipeline in the NER row only (the extractor row uses the shipped one);
``--single-model`` runs the shipped NER's first model alone, not the vote of
its models, in both rows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from papergraph.extract import ner
from papergraph.types import Paper

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"


def read_papers(path: Path, n: int) -> list[Paper]:
    papers = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            papers.append(Paper(id=f"arxiv:{rec['id']}", title=rec["title"], abstract=rec["abstract"]))
            if len(papers) >= n:
                break
    return papers


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn()
    return time.perf_counter() - t0, n


def tokenizer_nlp() -> spacy.language.Language:
    try:
        from papergraph.extract.tokenizer import blank_nlp
    except ImportError:
        return spacy.blank("en")
    return blank_nlp()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--n", type=int, default=2000, help="number of abstracts")
    ap.add_argument("--jobs", type=int, default=1, help="processes (spaCy n_process)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", type=Path, default=None, help="NER model dir for the NER row")
    ap.add_argument("--no-extractor", action="store_true", help="skip the full-extractor row")
    ap.add_argument("--single-model", action="store_true", help="the NER's first model alone, no vote")
    a = ap.parse_args()
    if not a.corpus.exists():
        ap.error(f"corpus not found: {a.corpus} (the shared data, expected beside the project)")
    papers = read_papers(a.corpus, a.n)
    texts = [t for p in papers for t in (p.title, p.abstract)]
    n = len(papers)
    print(f"{n} abstracts ({sum(len(t) for t in texts) / 1e6:.1f} M chars), jobs={a.jobs}")

    tok = tokenizer_nlp()
    base, _ = timed(lambda: sum(1 for _ in tok.pipe(texts, n_process=a.jobs, batch_size=256)))
    rows = [("tokenizer only", base)]

    model_nlp = tokenizer_nlp()
    if ner.add_ner(model_nlp, model_dir=a.model, ensemble=not a.single_model):
        ner.load_model(a.model)  # load outside the timer, as a long-running process would
        n_models = getattr(model_nlp.get_pipe(ner.COMPONENT_NAME), "n_models", 1)
        print(f"NER: {n_models} model(s) voting" if n_models > 1 else "NER: one model")
        t, _ = timed(
            lambda: sum(1 for _ in model_nlp.pipe(texts, n_process=a.jobs, batch_size=a.batch_size))
        )
        rows.append(("tokenizer + NER model", t))
    else:
        print("no shipped NER model: run `papergraph train --install` first")

    try:
        from papergraph.extract import load_extractor  # type: ignore[attr-defined]
    except ImportError:
        load_extractor = None
    if a.no_extractor:
        pass
    elif load_extractor is None:
        print("papergraph.extract.load_extractor not available: full-extractor row skipped")
    else:
        extractor = load_extractor(use_model=True, ensemble=not a.single_model)
        list(extractor.extract(papers[:8]))  # warm up: lazy loads happen here
        t, _ = timed(
            lambda: sum(
                1 for _ in extractor.extract(papers, n_process=a.jobs, batch_size=a.batch_size)
            )
        )
        rows.append(("full extractor (use_model=True)", t))

    print(f"{'pass':<34} {'seconds':>8} {'abstracts/s':>12} {'x tokenizer':>12}")
    for name, t in rows:
        print(f"{name:<34} {t:8.2f} {n / t:12.1f} {t / base:12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

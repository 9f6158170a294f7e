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

The last row is a floor, not a run: the floating-point work of the NER's
matrix products (counted over the same texts, in a pass that is not timed),
divided by the rate numpy's BLAS reaches on one core of this machine for the
same matrix shapes, and by ``--jobs``. No implementation of these models runs
faster than that on this machine; the rest of the NER's time is the work around
the products (the CNN's maxout and normalisation, the decoder's steps).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
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


def gemm_work(nlp: spacy.language.Language, texts: list[str], batch_size: int) -> Counter[tuple[int, int]]:
    """Floating-point operations of the NER's matrix products over ``texts``, by (inner, output) size."""
    from papergraph.extract.ner_runtime import MatmulOps

    work: Counter[tuple[int, int]] = Counter()
    original = MatmulOps.gemm

    def counting(self, x, y, out=None, trans1=False, trans2=False):  # type: ignore[no-untyped-def]
        m, k = (x.shape[1], x.shape[0]) if trans1 else x.shape
        n = y.shape[0] if trans2 else y.shape[1]
        work[(k, n)] += 2 * m * k * n
        return original(self, x, y, out=out, trans1=trans1, trans2=trans2)

    MatmulOps.gemm = counting  # type: ignore[method-assign]
    try:
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    finally:
        MatmulOps.gemm = original  # type: ignore[method-assign]
    return work


def gemm_rate(k: int, n: int, rows: int = 4096) -> float:
    """FLOP/s of numpy's matmul on one core for (rows x k) @ (k x n), float32: the best of five."""
    import numpy
    from threadpoolctl import threadpool_limits

    rng = numpy.random.default_rng(0)
    a = rng.random((rows, k), dtype=numpy.float32)
    b = rng.random((k, n), dtype=numpy.float32)
    best = float("inf")
    with threadpool_limits(limits=1, user_api="blas"):
        numpy.matmul(a, b)
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(10):
                numpy.matmul(a, b)
            best = min(best, (time.perf_counter() - t0) / 10)
    return 2 * rows * k * n / best


def gemm_floor(work: Counter[tuple[int, int]], jobs: int) -> tuple[float, float]:
    """Seconds the counted products take at this machine's one-core rate for each shape, over
    ``jobs`` processes; and the mean rate in FLOP/s."""
    seconds = sum(flops / gemm_rate(k, n) for (k, n), flops in work.items())
    total = sum(work.values())
    return seconds / jobs, total / seconds if seconds else 0.0


def ner_floor(texts: list[str], jobs: int, *, ensemble: bool = True, batch_size: int = 64) -> tuple[float, float, float]:
    """The shipped NER's matrix-product floor over ``texts`` on ``jobs`` cores of this machine:
    (seconds, FLOP, one-core FLOP/s); (0, 0, 0) without a shipped model."""
    nlp = tokenizer_nlp()
    if not ner.add_ner(nlp, ensemble=ensemble):
        return 0.0, 0.0, 0.0
    work = gemm_work(nlp, texts, batch_size)
    seconds, rate = gemm_floor(work, jobs)
    return seconds, float(sum(work.values())), rate


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
    work: Counter[tuple[int, int]] = Counter()
    floor = 0.0

    model_nlp = tokenizer_nlp()
    if ner.add_ner(model_nlp, model_dir=a.model, ensemble=not a.single_model):
        ner.load_model(a.model)  # load outside the timer, as a long-running process would
        n_models = getattr(model_nlp.get_pipe(ner.COMPONENT_NAME), "n_models", 1)
        print(f"NER: {n_models} model(s) voting" if n_models > 1 else "NER: one model")
        t, _ = timed(
            lambda: sum(1 for _ in model_nlp.pipe(texts, n_process=a.jobs, batch_size=a.batch_size))
        )
        rows.append(("tokenizer + NER model", t))
        work = gemm_work(model_nlp, texts, a.batch_size)
        floor, rate = gemm_floor(work, a.jobs)
        tokens = sum(len(d) for d in tok.pipe(texts, batch_size=256))
        total = sum(work.values())
        print(f"NER matrix products: {total / 1e9:.0f} GFLOP, {total / tokens / 1e6:.2f} MFLOP a token "
              f"({tokens / n:.0f} tokens an abstract); numpy's BLAS on one core here: {rate / 1e9:.0f} GFLOP/s")
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

    if work:
        rows.append(("floor: NER matrix products alone", floor))
    print(f"{'pass':<34} {'seconds':>8} {'abstracts/s':>12} {'x tokenizer':>12}")
    for name, t in rows:
        print(f"{name:<34} {t:8.2f} {n / t:12.1f} {t / base:12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

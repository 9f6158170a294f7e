"""`papergraph train`: rebuild the NER model from the shared training files."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from papergraph.cli._app import app, console, handle_errors, out


@app.command()
@handle_errors
def train(
    data: Path = typer.Option(
        Path("../shared/data/train"), "--data", help="Directory holding the SciERC, TDMSci and SciREX files."
    ),
    config: Path = typer.Option(
        Path("training/config.cfg"), "--config", help="spaCy training config."
    ),
    output: Path = typer.Option(
        Path("training/output/run"), "--output", "-o", help="Where checkpoints and logs go."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    max_steps: int | None = typer.Option(
        None, "--max-steps", help="Override the config's step limit (smoke runs)."
    ),
    limit: int | None = typer.Option(
        None, "--limit", help="Use only the first N training and dev texts (smoke runs)."
    ),
    vectors: Path | None = typer.Option(
        None,
        "--vectors",
        help="spaCy vectors directory (training/vectors.py builds it); default: the shipped model's table.",
    ),
    init_tok2vec: Path | None = typer.Option(
        None, "--init-tok2vec", help="Pretrained tok2vec weights (training/pretrain.py writes them)."
    ),
    silver: Path | None = typer.Option(
        None,
        "--silver",
        help="Extra machine-labelled texts, JSONL of {text, spans: [[start, end, label], ...]} "
        "(training/distill.py writes them).",
    ),
    install: bool = typer.Option(
        False, "--install", help="Copy the best model into the package (papergraph/data/ner)."
    ),
    install_member: str | None = typer.Option(
        None,
        "--install-member",
        metavar="NAME",
        help="Add the best model to the installed one as ensemble member NAME (float16 weights); "
        "the installed model and its members vote.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Hide the training log."),
) -> None:
    """Train the Method/Dataset/Task/Metric NER and print dev P/R/F1 per type."""
    from papergraph.evaluate.spans import format_scores
    from papergraph.extract.ner import MODEL_DIR
    from papergraph.training.ner import train_ner

    if install and install_member:
        raise typer.BadParameter("use --install or --install-member, not both")
    console.print(f"training from {data} with {config} -> {output}")
    report = train_ner(
        train_dir=data,
        output_dir=output,
        config_path=config,
        seed=seed,
        max_steps=max_steps,
        limit=limit,
        vectors=vectors,
        init_tok2vec=init_tok2vec,
        silver=silver,
        install_to=MODEL_DIR if install else None,
        log=None if quiet else sys.stderr,
    )
    out.print(
        f"train texts {report.n_train}, dev texts {report.n_dev}, "
        f"gold spans dropped at conversion {report.dropped_spans}"
    )
    out.print(format_scores(report.scores), markup=False)
    out.print(f"span priors: min_rate {report.prior_threshold:.2f} (chosen on dev)")
    out.print(f"best model: {report.model_dir}")
    if report.installed_to is not None:
        out.print(f"installed to {report.installed_to}")
    if install_member:
        from papergraph.evaluate.spans import score
        from papergraph.extract.ensemble import install_member as add_member
        from papergraph.extract.ensemble import member_dirs
        from papergraph.training.corpus import read_gold
        from papergraph.training.ner import predict_spans

        out.print(f"installed as ensemble member to {add_member(report.model_dir, MODEL_DIR, install_member)}")
        golds = read_gold(data, split="dev")
        n_models = 1 + len(member_dirs(MODEL_DIR))
        out.print(f"installed NER, {n_models} models voting, on the same dev texts:")
        out.print(format_scores(score(golds, predict_spans(MODEL_DIR, [g.text for g in golds]))), markup=False)

"""Generic terms: mentions that name a kind of thing, not one thing.

"neural network", "deep learning", "the model", "accuracy" written as a bare
word, "inference", "parameters": every abstract has them, so as graph nodes
they become hubs that link everything to everything and say nothing. They are
kept in extractions.jsonl with ``generic: true``, left out of the graph's
entity nodes unless asked for (``papergraph build --include-generic``), never
"proposed", and never hold a leaderboard score.

The test is on the entity's canonical name, lower-cased, after a leading
article and a plural ending are dropped. Families that a reader asks about
("GNN", "CNN", "LLM", "Transformer", "diffusion model") are not generic.
"""

from __future__ import annotations

import re

from papergraph.types import Label


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip() for p in text.split(",") if p.strip())


_ANY = _phrases("""
    model, method, approach, framework, algorithm, system, technique, architecture, network, pipeline,
    neural network, deep neural network, artificial neural network, deep network, neural net, neural model,
    deep model, deep learning, deep learning model, deep learning method, deep learning approach,
    deep learning technique, deep learning architecture, machine learning, machine learning model,
    machine learning method, machine learning approach, machine learning technique, machine learning algorithm,
    artificial intelligence, ai, ai model, ai system, ml, ml model, learning, training, inference,
    optimization, fine-tuning, finetuning, pre-training, pretraining, network architecture, neural architecture,
    neural network architecture, deep neural network architecture, deep architecture, neural network model,
    model architecture, base model, foundation model, learning algorithm, learning method, learning model,
    statistical model, predictive model, generative model, computational model, data-driven method,
    data-driven approach, neural method, baseline, baseline model, baseline method, state-of-the-art method, state-of-the-art model, existing method,
    proposed method, proposed model, proposed approach, proposed framework
    """)
_BY_LABEL: dict[str, frozenset[str]] = {
    "Method": _phrases("dnn, ann, nn, transformer model"),
    "Task": _phrases("""
        task, problem, prediction, classification, generation, detection, recognition, analysis, modeling,
        modelling, learning task, downstream task, generalization, generalisation, computer vision,
        natural language processing, nlp, machine learning task, data analysis, decision making,
        decision-making, reasoning, understanding
        """),
    "Metric": _phrases("""
        accuracy, performance, efficiency, parameter, parameter count, number of parameter, error, loss,
        cost, speed, quality, robustness, score, metric, result, effectiveness, scalability, computational cost,
        compute, memory, overhead
        """),
    "Dataset": _phrases("dataset, data, data set, benchmark, corpus, training data, training set, test set, "
                        "benchmark dataset, real-world dataset, synthetic data, large-scale dataset"),
}
_LEADING = re.compile(r"^(?:the|a|an|our|their|its|this|these|those|such|existing|standard|conventional|"
                      r"traditional|typical|modern|popular|classical|classic|vanilla|general)\s+", re.I)
_PLURAL = re.compile(r"(?<=[a-z])(?<!s)s$")


def _norm(name: str) -> str:
    s = " ".join(name.replace("\u2010", "-").replace("\u2011", "-").split()).lower()
    while True:
        t = _LEADING.sub("", s)
        if t == s:
            break
        s = t
    words = s.split(" ")
    if words and words[-1].endswith("ies") and len(words[-1]) > 4:
        words[-1] = words[-1][:-3] + "y"
    elif words and words[-1] not in ("loss", "analysis", "class", "process") and not words[-1].endswith("ss"):
        words[-1] = _PLURAL.sub("", words[-1])
    return " ".join(words)


def is_generic(name: str, label: Label | str) -> bool:
    """Whether a mention named ``name`` (canonical or as written) of type ``label`` is generic.

    >>> [is_generic(n, "Method") for n in ("neural networks", "Deep Learning", "LLMs", "BigNAS", "GNN")]
    [True, True, False, False, False]
    >>> is_generic("accuracy", "Metric"), is_generic("top-1 accuracy", "Metric"), is_generic("inference", "Task")
    (True, False, True)
    """
    key = _norm(name)
    if not key:
        return False
    return key in _ANY or key in _BY_LABEL.get(str(label), frozenset())

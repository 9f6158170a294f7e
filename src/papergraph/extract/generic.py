"""Generic terms: mentions that name a kind of thing, not one thing.

"neural network", "deep learning", "the model", "accuracy" written as a bare
word, "inference", "parameters": every abstract has them, so as graph nodes
they become hubs that link everything to everything and say nothing. They are
kept in extractions.jsonl with ``generic: true``, left out of the graph's
entity nodes unless asked for (``papergraph build --include-generic``), never
"proposed", and never hold a leaderboard score.

The test is on the entity's canonical name, lower-cased, after a leading
article and a plural ending are dropped. A lower-case description of a method
("compact neural network", "modular model", "inference component") is generic
too. Families that a reader asks about ("GNN", "graph neural networks", "LLM",
"Transformer", "diffusion model") are not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from papergraph.extract.vocab import GENERIC_METHODS, GENERIC_NOT_METHODS
from papergraph.extract.vocab import word_set as _words
from papergraph.types import Label


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip() for p in text.split(",") if p.strip())


_ANY = _phrases("""
    model, method, approach, framework, algorithm, system, technique, architecture, network, pipeline,
    encoder, decoder, classifier, detector, module, component, layer, backbone, head, mechanism, strategy,
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
        modelling, learning task, downstream task, generalization, generalisation, machine learning task,
        data analysis, decision making,
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
    elif words and words[-1].endswith(("ches", "shes", "sses", "xes")):
        words[-1] = words[-1][:-2]  # "approaches", "searches", "losses"
    elif words and words[-1] not in ("loss", "analysis", "class", "process") and not words[-1].endswith("ss"):
        words[-1] = _PLURAL.sub("", words[-1])
    return " ".join(words)


# A lower-case description with one of these heads is no name ("compact neural network", "modular model",
# "expressive architecture", "inference component")...
_DESCRIPTION_HEADS = _words("""network model architecture scheme component technique technology application system
    method approach framework representation block detector machine module mechanism design structure algorithm
    strategy paradigm pipeline solution tool procedure classifier encoder decoder example instance process
    codebase implementation setup setting""")
# ...unless it is the name of a family of methods a reader asks about.
_FAMILIES = _phrases("""
    graph neural network, convolutional neural network, recurrent neural network, spiking neural network,
    residual network, residual neural network, bayesian neural network, physics-informed neural network,
    deep belief network, capsule network, pointer network, siamese network, hopfield network, hypernetwork,
    kolmogorov-arnold network, generative adversarial network, feedforward network, feed-forward network,
    long short-term memory network, deep q-network, graph attention network, graph convolutional network,
    language model, large language model, small language model, masked language model, vision-language model,
    vision language model, multimodal large language model, diffusion model, latent diffusion model,
    state space model, energy-based model, world model, reward model, mixture-of-experts model,
    autoregressive model, flow-based model, video diffusion model, text-to-image model, boltzmann machine,
    restricted boltzmann machine, support vector machine, turing machine, recommender system, multi-agent system,
    dialogue system, question answering system, retrieval-augmented generation system, variational autoencoder,
    sparse autoencoder, masked autoencoder, vision transformer, graph transformer, decision transformer,
    evolutionary algorithm, genetic algorithm, gradient descent algorithm, expectation-maximization algorithm,
    em algorithm, attention mechanism, self-attention mechanism, encoder-decoder architecture
    """)


# Adjectives that open a description, not a name ("relevant expert", "similar embedding", "multiple model").
_DESCRIPTIVE_OPENERS = _words("""relevant similar normal multiple lower higher merged disparate different
    specific particular general simple novel new existing standard typical traditional conventional classical
    common popular efficient effective powerful robust flexible lightweight large small latent better best
    improved enhanced optimal suitable appropriate corresponding respective additional extra whole entire
    initial valuable mainstream custom dominant closest generic designed countless unlearned human plausible illustrative""")
# A description that ends on an adjective is no name ("permutation equivariant", "hardware aware").
_ADJECTIVE_ENDS = _words("""equivariant invariant efficient different dependent independent consistent robust
    scalable differentiable agnostic aware based specific friendly compatible""")
# "graph-like search", "two-layer attention", "3-stage training": a configuration, not a name.
_SHAPE_OPENER = re.compile(r"^(?:[a-z]+-like|(?:one|two|three|four|five|six|\d+)-(?:layer|stage|step|level|hop))$")


def _description(key: str) -> bool:
    words = key.split(" ")
    if key in _FAMILIES:
        return False
    if len(words) >= 2 and (words[0] in _DESCRIPTIVE_OPENERS or _SHAPE_OPENER.match(words[0])
                            or words[-1] in _ADJECTIVE_ENDS):
        return True
    if len(words) >= 2 and key.endswith(("deep learning", "machine learning", "neural network", "learning model")):
        return True  # "holistic deep learning", "cloud-based deep learning", "stochastic neural network"
    return len(words) >= 2 and words[-1] in _DESCRIPTION_HEADS and key not in _FAMILIES


_MODEL_CLASS = re.compile(r"\b(?:SOTA|SoTA|LLMs?|VLMs?|MLLMs?|LMs?|NNs?|DNNs?|ANNs?|CNNs?|RNNs?|GNNs?)(?:-based)?\s")
_ABBREVIATED = re.compile(r"\s*\([^()]{1,12}\)\s*$")


@lru_cache(maxsize=1 << 16)
def is_generic(name: str, label: Label | str) -> bool:
    """Whether a mention named ``name`` (canonical or as written) of type ``label`` is generic.

    >>> [is_generic(n, "Method") for n in ("neural networks", "Deep Learning", "LLMs", "BigNAS", "GNN")]
    [True, True, False, False, False]
    >>> is_generic("accuracy", "Metric"), is_generic("top-1 accuracy", "Metric"), is_generic("inference", "Task")
    (True, False, True)
    """
    name = _ABBREVIATED.sub("", name)  # "neural networks (NNs)": the long form decides
    key = _norm(name)
    if not key:
        return False
    spaced = key.replace("-", " ")  # "machine-learning", "deep-learning"
    by_label = _BY_LABEL.get(str(label), frozenset())
    if key in _ANY or key in by_label or spaced in _ANY or spaced in by_label:
        return True
    # a lower-case description of a method, with no name in it
    plain = " ".join(name.split())
    if str(label) == "Method" and _MODEL_CLASS.search(plain) and generic_method(plain):
        return True  # "NN approaches", "LLM-based classifiers": a class of model and a generic head
    if str(label) == "Method" and key.endswith(("deep learning", "machine learning")) and " " in key:
        return True  # "End-to-End Deep Learning", "Quantum Machine Learning": a field, however written
    return str(label) == "Method" and plain.lower() == plain and not any(c.isdigit() for c in plain) and (
        _description(key))


# Heads that describe rather than name the system holding a score: "our fine-tuned SLM", "the system
# submission", "LLM-based classifiers".
_HOLDER_HEADS = _words("""model models llm llms slm slms lm lms vlm vlms mllm mllms system systems method methods
    approach approaches framework frameworks network networks agent agents baseline baselines submission submissions
    pipeline pipelines algorithm algorithms architecture architectures solution solutions technique techniques
    variant variants version versions classifier classifiers detector detectors encoder encoders decoder decoders
    committee ensemble component components""")


def generic_method(name: str) -> bool:
    """A description, not a name: every word but a generic head is lower-case or a generic
    model class ("fine-tuned SLM", "LLMs", "LLM-based classifiers")."""
    words = name.replace("/", " ").split()
    if not words or words[-1].lower() not in _HOLDER_HEADS:
        return False
    rest = [w.removesuffix("-based") for w in words[:-1] if w not in ("SOTA", "SoTA")]
    return not any(any(c.isupper() or c.isdigit() for c in w) for w in rest
                   if w not in GENERIC_METHODS and w not in GENERIC_NOT_METHODS)

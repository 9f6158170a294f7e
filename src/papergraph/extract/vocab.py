"""Word lists the rule components share: heads that type a phrase, and stop lists.

Kept as data in one place so tests and the gazetteer builder agree.
"""

from __future__ import annotations

import re


def word_set(s: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(s.split())


_words = word_set

# Last word of a phrase -> the entity type it suggests.
METHOD_HEADS = _words("network networks net nets model models machine machines transformer transformers "
    "encoder encoders decoder decoders autoencoder autoencoders descent regression forest "
    "forests algorithm algorithms optimizer optimiser distillation attention mechanism "
    "layer layers module modules block blocks pruning quantization quantisation sampling "
    "sampler classifier classifiers perceptron perceptrons experts adapter adapters "
    "fine-tuning finetuning pretraining pre-training prompting augmentation regularization "
    "normalization dropout convolution convolutions gan gans mlp mlps kernel kernels "
    "filter filters architecture architectures embeddings embedding policy tokenizer "
    "learning unit units field fields estimator")
DATASET_HEADS = _words("dataset datasets benchmark benchmarks corpus corpora treebank suite challenge")
METRIC_HEADS = _words("accuracy precision recall score scores error rate rates f1 f-score f-measure auc "
    "perplexity latency throughput similarity distance correlation")
TASK_HEADS = _words("classification detection segmentation generation recognition translation answering "
    "estimation retrieval tracking prediction forecasting synthesis summarization "
    "summarisation parsing captioning labeling labelling tagging completion inpainting "
    "restoration denoising deblurring super-resolution reconstruction localization "
    "localisation extraction linking understanding reasoning editing registration "
    "compression enhancement separation verification identification recommendation "
    "navigation manipulation grounding modeling modelling clustering simplification "
    "disambiguation diarization transcription cancellation suppression correction "
    "imputation matching alignment planning")
# Task heads too vague to stand alone or after a generic modifier.
WEAK_TASK_HEADS = _words("planning matching alignment modeling modelling understanding reasoning")

# Heads of technique noun phrases ("in-place knowledge distillation", "weight sharing",
# "fully connected networks"); the phrase needs a modifier unless it is in STANDALONE_METHODS.
METHOD_NP_HEADS = _words("""network networks model models machine machines transformer transformers
    encoder encoders decoder decoders autoencoder autoencoders perceptron perceptrons mlp mlps
    regression descent backpropagation propagation distillation attention pruning quantization
    quantisation sampling experts fine-tuning finetuning pretraining pre-training prompting
    augmentation regularization normalization dropout convolution convolutions optimizer optimizers
    learning search connections encoding encodings loss filtering masking aggregation gating
    initialization reparameterization reparametrization perturbation sharing probing filter filters
    algorithm algorithms training tuning decoding passing embeddings tokenization deduplication
    shrinking projector generator memories""")
STANDALONE_METHODS = _words("transformer transformers backpropagation dropout self-attention")
# Phrases that are too generic to be a Method (eval/GUIDELINES.md) or are not methods at all.
GENERIC_PHRASES = frozenset({
    "neural network", "neural networks", "deep neural network", "deep neural networks", "deep network",
    "deep networks", "deep learning", "machine learning", "pre-training", "pretraining", "fine-tuning",
    "finetuning", "foundation model", "foundation models", "deep models", "deep model", "neural model",
    "neural models", "learning", "training", "model training", "network training", "learning rate",
    "learning rates", "loss", "training loss", "test loss", "validation loss", "language model training",
    "ml models", "ai models", "ai model", "ml model", "base model", "base models", "world model",
})
# Modifiers that never belong to a technique name ("existing models", "pretrained networks").
METHOD_MOD_STOP = _words("""existing pretrained pre-trained trained baseline prior previous modern popular
    current same whole entire underlying resulting original additional final open open-source
    closed-source proprietary frontier leading powerful advanced larger smaller bigger specialized
    dedicated corresponding respective individual target source teacher student standard typical
    vanilla naive common conventional classical classic traditional widely-used commonly-used
    well-known state-of-the-art sota ai ml two three four five one several many few numerous
    different various diverse given learned-to such during after before while when whose where
    thus hence therefore however although because since until also only even just still yet
    better worse stronger weaker deeper larger-scale well much highly fully-trained
    task tasks domain called named dubbed termed coined denoted large-scale small-scale tailor-made
    well-trained so-called off-the-shelf existing actual equivalent complex""")
# "X learning" phrases that name research problems, not techniques.
TASK_LEARNING = frozenset({
    "continual learning", "lifelong learning", "incremental learning", "class-incremental learning",
    "representation learning", "visual representation learning", "multimodal learning",
    "multi-modal learning", "multi-task learning", "few-shot learning", "zero-shot learning",
    "metric learning", "online learning", "continual-learning", "imitation learning",
    "domain adaptation", "transfer learning", "out-of-distribution detection",
})
# A bare "models" needs a family word before it ("language models", not "mesh models").
MODEL_FAMILY = _words("""language diffusion generative autoregressive multimodal multi-modal foundation latent
    masked reward embedding transformer recurrent convolutional graph probabilistic statistical linear mixture
    energy-based flow score-based consistency speech vision video image sequence action policy state-space
    space reasoning vision-language""")

# Nouns after a method head that make the head a modifier ("learning rate", "training data").
NOT_A_METHOD_AFTER = _words("""rate rates curve curves dynamics data set sets samples loss losses time cost costs
    speed steps budget budgets stability efficiency accuracy performance capacity objective objectives error errors
    regime regimes signal signals""")

# Common verbs of abstracts that can stand right before a noun phrase ("unify image segmentation").
VERBS = _words("""include includes unify unifies enable enables improve improves support supports handle handles
    require requires integrate integrates achieve achieves perform performs make makes allow allows use uses
    yield yields provide provides tackle tackles address addresses boost boosts facilitate facilitates
    benefit benefits remain remains show shows demonstrate demonstrates consider considers study studies
    explore explores propose proposes introduce introduces present presents outperform outperforms surpass
    surpasses rule rules dominate dominates lack lacks limit limits hinder hinders affect affects simplify
    simplifies accelerate accelerates advance advances drive drives revolutionize revolutionizes transform
    transforms underpin underpins leverage leverages combine combines employ employs adopt adopts apply
    applies extend extends replace replaces reduce reduces increase increases enhance enhances learn learns
    train trains evaluate evaluates compare compares match matches rival rivals exceed exceeds need needs
    resolve resolves solve solves stabilize stabilizes utilize utilizes discover discovers add adds find finds obtain obtains build builds design designs develop develops
    maximize maximizes minimize minimizes optimize optimizes
    via per toward towards through across among within upon versus vs performance three two four five six
    first second new""")

# Research areas and task acronyms, marked as Task (eval/GUIDELINES.md).
TASK_AREAS = _words("NLP QA VQA ASR NER NMT TTS")

# Words that can never start or sit inside a task/method phrase.
PHRASE_STOP = _words("""a an the this that these those our their its his her we they it which who whose
    of for and or with without to in on at by from as via into over under than then
    is are was were be been being has have had do does did can could may might will would
    should must not no also more most less least very such other both each all any some
    efficient accurate robust fast faster better best improved improving novel new existing
    previous prior recent current standard traditional conventional state-of-the-art
    downstream various many several different multiple joint simultaneous related
    effective high low large small real-world challenging difficult simple strong weak
    good poor general specific key main important overall final full further
    generalizable scalable reliable consistent competitive superior comparable
    enhanced enhancing improve improves perform performs performing achieve achieves
    using based proposed our-based task tasks problem problems""")

# Title-case words that describe a data set without naming it ("A Comprehensive Benchmark").
DESCRIPTIVE_DATASET_WORDS = _words("""comprehensive multimodal multi-modal large-scale large scale new novel unified
    benchmark benchmarks dataset datasets general synthetic real-world high-quality holistic systematic challenging
    diverse open public standardized standard fine-grained scalable dynamic interactive realistic rigorous universal
    versatile multilingual multi-task multitask hybrid parallel first online multifaceted multi-faceted generative
    event-based fictitious million-scale billion-scale annotated curated simple small big massive extensive
    diagnostic evaluation human-annotated multi-domain cross-domain reasoning mitigating""")

# Acronyms and name-like tokens that are not entities.
NOT_NAMES = _words("""AI ML DL NLP CV IR GPU GPUs CPU CPUs TPU TPUs API APIs URL PDF 2D 3D 4D 1D RGB RGB-D US UK
    EU SOTA SoTA IoT LaTeX HTML JSON XML CSV SQL OK PhD MSc BSc USD GB MB KB TB MHz GHz FP16 FP32 BF16
    INT8 INT4 I/O Q&A QA AR VR XR OOD ID IID OCR API UI UX ODE ODEs PDE PDEs CoT MoE MoEs KV LLM LLMs
    VLM VLMs MLLM MLLMs LM LMs NN NNs DNN DNNs ANN ANNs RL SFT RLHF GNN GNNs CNN CNNs RNN RNNs
    LinkedIn YouTube GitHub GitLab OpenAI DeepMind PayPal TikTok WeChat WhatsApp iPhone iPad iOS macOS
    arXiv ArXiv bioRxiv medRxiv PubMed OpenReview HuggingFace StackOverflow StackExchange
    IBM NVIDIA AMD MIT CMU UCLA NASA NIH NSF DARPA USA
    NeurIPS NIPS ICLR ICML CVPR ICCV ECCV ACL EMNLP NAACL EACL COLING AAAI IJCAI KDD SIGIR SIGGRAPH
    WSDM CIKM ICDM ICRA IROS CoRL UAI AISTATS COLT MICCAI WACV BMVC ICASSP INTERSPEECH
    LiDAR LIDAR CT MRI fMRI EEG ECG EMG PET SAR WSI WSIs GUI GUIs CAD dB""")
# Generic model-class acronyms: entities (Method), but generic, so lower confidence.
GENERIC_METHODS = _words("""LLM LLMs VLM VLMs MLLM MLLMs LM LMs RL SFT RLHF GNN GNNs CNN CNNs
    RNN RNNs MoE MoEs CoT""")
# Too generic to be entities at all (eval/GUIDELINES.md): "NNs", "DNNs".
GENERIC_NOT_METHODS = _words("NN NNs DNN DNNs ANN ANNs")

# Metric acronyms, one alternative each; every one starts with a literal character, so
# wordscan.first_char_trie can file them under it (the regex is their alternation).
METRIC_ACRONYM_ALTERNATIVES = (
    r"BLEU(?:-[1-4])?", r"ROUGE(?:-(?:[12L]|Lsum))?", "METEOR", "CIDEr", "SPICE", r"chrF\+*", "TER", "COMET", "MFU",
    "BERTScore", "FID", "FVD", "KID", "IS", "PSNR", "SSIM", "MS-SSIM", "LPIPS", "CLIPScore", "CLIP-?score",
    r"mAP(?:@[\d.:]+)?", r"AP(?:50|75|@[\d.]+)?", "mIoU", "IoU", "AUC", "AUROC", "ROC-AUC", "AUPRC",
    "F1(?:-score)?", "EM", "WER", "CER", "MRR", r"NDCG(?:@\d+)?", r"nDCG(?:@\d+)?", "MAE", "MSE", "RMSE", "MAPE",
    "GFLOP[Ss]?", "TFLOP[Ss]?", "MFLOP[Ss]?", "FLOP[Ss]?", r"NoC(?:@\d+)?", "MACs", "GMACs", "FPS", "BPC", "BPB", "PPL", r"pass@\d+",
    r"Pass@\d+", r"Recall@\d+", r"R@\d+", r"Hits@\d+", r"Hit@\d+", "Top-[15]", "top-[15]", "EER", "SRCC",
    "PLCC", "SROCC", "UAS", "LAS", "ADE", "FDE", "CLIP-T", "CLIP-I", "DINO", "HPSv2", "ImageReward", "VBench",
    "ATE", "RPE", "Chamfer",
)
METRIC_ACRONYMS = "|".join(METRIC_ACRONYM_ALTERNATIVES)
# Up to two modifiers, then "accuracy": the first alternative of METRIC_PHRASES.
METRIC_ACCURACY = (
    r"(?:(?:zero-shot(?: transfer)?|few-shot|linear[- ]prob(?:e|ing)|k-nn|knn|iid|ood|in-distribution|"
    r"out-of-distribution|downstream|average|mean|top-?[15]|top[- ][15]|balanced|overall|test|validation|"
    r"classification|detection|segmentation|pixel|exact[- ]match|macro|micro|weighted|"
    r"retrieval|recognition|task|answer|reasoning|generation|prediction)[- ]){0,2}"
    r"(?:accuracy|accuracies)"
)
# Other metric phrases, on lower-cased text; literal first characters as for the acronyms.
_F1_TAIL = r"f1(?:[- ]scores?)?"
_RATES = r"[- ]error rates?"
_SPEED = r" (?:speeds?|time|latency|costs?|throughput)"
METRIC_OTHER_ALTERNATIVES = (
    "macro[- ]?" + _F1_TAIL, "micro[- ]?" + _F1_TAIL, "weighted[- ]?" + _F1_TAIL, "-" + _F1_TAIL, " " + _F1_TAIL,
    _F1_TAIL, "f-(?:score|measure)", "mean average precision", "average precision", "average recall", "precision",
    "recall", "word" + _RATES, "character" + _RATES, "bit" + _RATES, "equal" + _RATES, "top-[15]" + _RATES,
    "test error rates?", "training error rates?", "validation error rates?", "error rates?", "test errors?",
    "training errors?", "validation errors?", "top-[15] errors?", "success rates?", "win rates?",
    "attack success rates?", "pass rates?", "hit rates?", "exact match", "perplexity", "perplexities", "latency",
    "latencies", "throughput", "inference" + _SPEED, "decoding" + _SPEED, "generation" + _SPEED,
    "training" + _SPEED, "memory (?:footprint|usage|consumption|savings?|cost)", "peak memory", "speed-?ups?",
    "parameter counts?", "training (?:time|costs?|losse?s?)", "terminal loss", "test loss", "validation loss",
    "energy consumption", "power consumption", "compute cost", "computational (?:cost|complexity)",
    "time complexity", "wall-clock time", "mean squared error", "mean absolute error", "root mean squared error",
    "intersection[- ]over[- ]union", "dice (?:score|coefficient)", "spearman(?:'s)? correlation",
    "pearson correlation", "kendall(?:'s)? tau", "cosine similarity", "reward",
    "bits[- ]per[- ](?:characters?|bytes?|dims?|dimensions?|pixels?|subpixels?|tokens?|words?)", "bpc", "bpd",
    "bits/(?:char|character|byte|dim)", "negative log[- ]likelihood", "spearman(?:'s)? (?:rho|ρ)",
)
METRIC_OTHER_PHRASES = "|".join(METRIC_OTHER_ALTERNATIVES)
METRIC_PHRASES = METRIC_ACCURACY + "|" + METRIC_OTHER_PHRASES

# A number with an optional unit; the lookbehind keeps digits inside names
# ("ResNet-50", "GPT-4", "top-1") out.
# The digits are atomic, so "1.5-2.5x" is never read as "1"; a hyphen between two
# numbers is a range ("1.5-2.5x", "13.8-16.7 pp"), and both ends are numbers.
NUMBER = re.compile(
    r"(?<![\w./@])(?<![^\d\s(\[]-)(?P<sign>[+\-−±])?(?P<num>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+))"
    r"(?P<unit>\s?(?:%|×|x(?![a-zA-Z])|-?fold|\s?times\b|\s?ms\b|\s?dB\b|\s?FPS\b|\s?pp\b|\s?[mµ]?J\b|"
    r"\s?GPU[- ]hours\b|\s?GPU[- ]days\b|"
    r"\s?(?:percentage\s)?points?\b|[MBK](?=\s*(?:param|trainable|learnable|parameters)\b)|"
    r"\s?[MBK]\b(?!-))?)?(?![\w]|-(?![\d.]))"
)

# Title heads made of these words describe a topic ("Deep Learning: A Survey").
TITLE_DESCRIPTIVE = _words("""deep learning machine neural network networks model models language vision survey review
    introduction overview tutorial position perspective towards toward beyond rethinking revisiting understanding
    scaling training learning attention data benchmark benchmarking evaluation analysis large small efficient
    generative reinforcement representation representations graph graphs transformers transformer diffusion
    reasoning agents agent robotics robot multimodal foundation open""")

"""Word lists the rule components share: heads that type a phrase, and stop lists.

Kept as data in one place so tests and the gazetteer builder agree.
"""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(s.split())

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
DATASET_HEADS = _words("dataset datasets benchmark benchmarks corpus corpora treebank suite")
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
    "imputation matching alignment search planning")
# Task heads too vague to stand alone or after a generic modifier.
WEAK_TASK_HEADS = _words("search planning matching alignment modeling modelling understanding reasoning")

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

# Acronyms and name-like tokens that are not entities.
NOT_NAMES = _words("""AI ML DL NLP CV IR GPU GPUs CPU CPUs TPU TPUs API APIs URL PDF 2D 3D 4D 1D RGB RGB-D US UK
    EU SOTA SoTA IoT LaTeX HTML JSON XML CSV SQL OK PhD MSc BSc USD GB MB KB TB MHz GHz FP16 FP32 BF16
    INT8 INT4 I/O Q&A QA AR VR XR OOD ID IID OCR API UI UX ODE ODEs PDE PDEs CoT MoE MoEs KV LLM LLMs
    VLM VLMs MLLM MLLMs LM LMs NN NNs DNN DNNs ANN ANNs RL SFT RLHF GNN GNNs CNN CNNs RNN RNNs""")
# Generic model-class acronyms: entities (Method), but generic, so lower confidence.
GENERIC_METHODS = _words("""LLM LLMs VLM VLMs MLLM MLLMs LM LMs NN NNs DNN DNNs ANN ANNs RL SFT RLHF GNN GNNs CNN CNNs
    RNN RNNs MoE MoEs CoT""")

METRIC_ACRONYMS = (
    r"BLEU(?:-[1-4])?|ROUGE(?:-(?:[12L]|Lsum))?|METEOR|CIDEr|SPICE|chrF\+*|TER|COMET|BERTScore|"
    r"FID|FVD|KID|IS|PSNR|SSIM|MS-SSIM|LPIPS|CLIPScore|CLIP-?score|mAP(?:@[\d.:]+)?|AP(?:50|75|@[\d.]+)?|"
    r"mIoU|IoU|AUC|AUROC|ROC-AUC|AUPRC|F1(?:-score)?|EM|WER|CER|MRR|NDCG(?:@\d+)?|nDCG(?:@\d+)?|"
    r"MAE|MSE|RMSE|MAPE|FLOPs|GFLOPs|TFLOPs|MACs|GMACs|FPS|BPC|BPB|PPL|pass@\d+|Pass@\d+|"
    r"Recall@\d+|R@\d+|Hits@\d+|Hit@\d+|Top-[15]|top-[15]|EER|SRCC|PLCC|SROCC|UAS|LAS|ADE|FDE|"
    r"CLIP-T|CLIP-I|DINO|HPSv2|ImageReward|VBench|ATE|RPE|Chamfer"
)
METRIC_PHRASES = (
    r"(?:top-[15]|top[- ][15]|mean|average|balanced|overall|test|validation|zero-shot|few-shot|"
    r"classification|detection|segmentation|pixel|exact[- ]match|macro|micro|weighted)?\s?"
    r"(?:accuracy|accuracies)"
    r"|(?:macro|micro|weighted)?[- ]?f1(?:[- ]scores?)?|f-(?:score|measure)"
    r"|mean average precision|average precision|average recall|precision|recall"
    r"|(?:word|character|bit|equal|top-[15])[- ]error rates?|error rates?|success rates?|win rates?|"
    r"attack success rates?|pass rates?|hit rates?|exact match|perplexity|perplexities|latency|latencies|"
    r"throughput|inference (?:speed|time|latency|cost)|memory (?:footprint|usage|consumption)|"
    r"parameter counts?|number of parameters|model size|training (?:time|cost)|"
    r"energy consumption|compute cost|computational cost|wall-clock time|"
    r"mean squared error|mean absolute error|root mean squared error|"
    r"intersection[- ]over[- ]union|dice (?:score|coefficient)|spearman(?:'s)? correlation|"
    r"pearson correlation|kendall(?:'s)? tau|cosine similarity|reward|bits per (?:character|byte)"
)

# A number with an optional unit; the lookbehind keeps digits inside names
# ("ResNet-50", "GPT-4", "top-1") out.
NUMBER = re.compile(
    r"(?<![\w\-./@])(?P<sign>[+\-−±])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<unit>\s?(?:%|×|x(?![a-zA-Z])|-?fold|\s?times\b|\s?ms\b|\s?dB\b|\s?FPS\b|\s?pp\b|"
    r"\s?(?:percentage\s)?points?\b|[MBK](?=\s*(?:param|trainable|learnable|parameters)\b)|"
    r"\s?[MBK]\b(?!-))?)?(?![\w\-])"
)

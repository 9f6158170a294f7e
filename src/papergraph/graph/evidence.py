"""Which method entities have enough evidence to be graph nodes.

A method named by one paper only, in no dictionary, written as plain words
("closest connection", "realistic learning", "Linear Layer", "It's All
Connected"), and not the paper's own contribution is more often a piece of
prose than a name: in a sample of the seeds build about one in five such nodes
was a fragment or a description. Such an entity is *unattested*: its mentions
stay in extractions.jsonl, and it makes a graph node only with
``include_unattested``. A second paper naming it, a gazetteer entry, a
name-shaped spelling (an acronym, an inner capital, a digit: CycleGAN, LoRA,
ResNet56), or being what a paper proposes is evidence enough; a short
capitalised word that one paper uses undefined and only the patterns found
("UV", "IMU", "CO2", "LHC") is not, for its spelling alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from papergraph.extract.generic import is_generic
from papergraph.link.linker import Linking
from papergraph.types import Extraction

# An acronym of two or more capitals, a lower-case letter followed by a capital (CycleGAN, LoRA, ViT), or a
# letter beside a digit (ResNet56, GPT-4, T5).
_NAME_SHAPE = re.compile(r"\b[A-Z][A-Z0-9]+\b|[a-z][A-Z]|[A-Za-z]-?\d|\d-?[A-Za-z]")
#: Papers that must name a plain-word method before it is a node without other evidence.
MIN_PAPERS = 2
#: The confidence the patterns give a short capitalised word they found undefined ("UV", "IMU", "CO2"):
#: such a word is as often a unit, a device or a formula as a method, so its spelling is no evidence.
WEAK_ACRONYM = 0.4


def name_shaped(text: str) -> bool:
    """Whether ``text`` is spelled like a name rather than a phrase of ordinary words."""
    return _NAME_SHAPE.search(text) is not None


def unattested(linking: Linking, extractions: Sequence[Extraction]) -> frozenset[str]:
    """Ids of the Method entities without the evidence a graph node needs (see the module docstring)."""
    single = {e.id: e for e in linking.entities if e.kind == "Method" and e.papers < MIN_PAPERS and not e.gazetteer}
    candidates = {
        eid for eid, e in single.items()
        if not name_shaped(e.name) and not any(name_shaped(alias) for alias, _ in e.aliases)
    }  # fmt: skip
    # Name-shaped, but only ever an undefined short capitalised word the patterns guessed.
    strong: set[str] = set()
    for ex, ids in zip(extractions, linking.mentions, strict=True):
        for m, eid in zip(ex.entities, ids, strict=True):
            if eid in single and eid not in candidates and (m.source != "patterns" or m.confidence > WEAK_ACRONYM):
                strong.add(eid)
    candidates |= set(single) - strong
    if not candidates:
        return frozenset()
    # What a paper proposes is its own evidence; a generic term is here only because it was asked for
    # (``include_generic``), and is shown as asked.
    exempt = {
        eid
        for ex, ids in zip(extractions, linking.mentions, strict=True)
        for m, eid in zip(ex.entities, ids, strict=True)
        if (m.proposed or m.generic) and eid in candidates
    }
    return frozenset(candidates - exempt)


def generic_holders(linking: Linking) -> frozenset[str]:
    """Ids of entities named only generically ("our deep learning approach" holding a score).

    Generic mentions are taken out before linking, so such an entity comes from
    a result's method, dataset or task field alone; like the mentions, it makes
    no node (a metric is still named, generic or not).
    """
    return frozenset(
        e.id for e in linking.entities
        if e.kind != "Metric" and e.aliases and all(is_generic(alias, e.kind) for alias, _ in e.aliases)
    )  # fmt: skip

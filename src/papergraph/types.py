"""Records that cross stage boundaries.

Every stage of the pipeline takes and returns these frozen dataclasses:

    ingest  -> Paper
    extract -> Extraction (Mention, Result)
    build   -> BuildReport

Offsets (``start``/``end``) always index the ``title`` or ``abstract`` string
of the :class:`Paper` exactly as it was read, never a normalised copy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Label = Literal["Method", "Dataset", "Task", "Metric"]
Field = Literal["title", "abstract"]
Relation = Literal["absolute", "improvement", "reduction", "speedup", "other"]
ClaimKind = Literal["score", "change", "other-system", "not-a-result"]
ClaimFlag = Literal["none", "negated", "hypothetical"]

CLAIM_KINDS: tuple[ClaimKind, ...] = ("score", "change", "other-system", "not-a-result")
CLAIM_FLAGS: tuple[ClaimFlag, ...] = ("none", "negated", "hypothetical")
NodeKind = Literal["Paper", "Method", "Dataset", "Task", "Metric", "Result"]

LABELS: tuple[Label, ...] = ("Method", "Dataset", "Task", "Metric")
NODE_KINDS: tuple[NodeKind, ...] = ("Paper", "Method", "Dataset", "Task", "Metric", "Result")


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from an input file.

    ``id`` is stable: ``arxiv:<id>`` when an arXiv id is known, otherwise a
    hash of the normalised title (see :func:`papergraph.ingest.identity.paper_id`).
    """

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    date: str | None = None  # ISO 8601, possibly partial ("2024", "2024-02")
    upvotes: int | None = None
    urls: tuple[str, ...] = ()
    code_urls: tuple[str, ...] = ()
    arxiv_id: str | None = None
    doi: str | None = None
    source_file: str | None = None
    source_line: int | None = None
    source_format: str | None = None
    source_id: str | None = None
    merged_source_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def n_authors(self) -> int | None:
        if self.authors:
            return len(self.authors)
        return self.author_count

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paper:
        kw = {k: d.get(k) for k in cls.__dataclass_fields__ if k in d}
        for k in ("authors", "urls", "code_urls", "merged_source_ids", "notes"):
            if k in kw:
                kw[k] = tuple(kw[k] or ())
        return cls(**kw)  # type: ignore[arg-type]


def _flat_dict(record: Any) -> dict[str, Any]:
    """A dataclass whose fields are all scalars as a dict: a flat copy, without asdict's recursive deep copy."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention with full provenance."""

    text: str
    label: Label
    field: Field
    start: int
    end: int
    canonical: str
    proposed: bool = False
    confidence: float = 1.0
    source: str = "rules"  # the spaCy component that produced it
    sentence: str = ""  # the sentence containing the mention, as given
    generic: bool = False  # names a kind of thing, not one thing (papergraph.extract.generic)

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True, slots=True)
class Result:
    """One number of a title or abstract, as a claim. ``start``/``end`` locate the number itself.

    ``kind`` says what the number is (eval/CLAIMS_GUIDELINES.md): a ``score`` of
    ``method`` on ``dataset``; a ``change`` against ``baseline`` (``relation``
    says which); a score of ``other-system`` (``method`` is that system, never
    the paper's); or ``not-a-result`` (a setting, size, count, date or name,
    with no bindings). ``flag`` marks negated and hypothetical claims;
    ``reason`` says why the kind and flag were chosen. Only asserted scores
    with a metric, a dataset and a method reach a leaderboard.
    """

    value: float
    value_text: str
    unit: str | None
    metric: str | None
    dataset: str | None
    method: str | None
    task: str | None
    baseline: str | None
    relation: Relation
    sentence: str
    field: Field
    start: int
    end: int
    confidence: float = 0.5
    kind: ClaimKind = "score"
    flag: ClaimFlag = "none"
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one paper (schemas/extraction.schema.json).

    ``source_id`` is the paper's :attr:`Paper.source_id`: ``papergraph extract``
    writes no papers.jsonl, so each row carries the input record's own id to be
    joined back to the user's data (the ids of merged duplicates are in
    papers.jsonl, ``merged_source_ids``).
    """

    id: str
    title: str
    entities: tuple[Mention, ...] = ()
    results: tuple[Result, ...] = ()
    code_urls: tuple[str, ...] = ()
    source_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "title": self.title,
            "entities": [m.to_dict() for m in self.entities],
            "results": [r.to_dict() for r in self.results],
            "code_urls": list(self.code_urls),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        return cls(
            id=d["id"],
            title=d.get("title", ""),
            entities=tuple(Mention.from_dict(m) for m in d.get("entities", ())),
            results=tuple(Result.from_dict(r) for r in d.get("results", ())),
            code_urls=tuple(d.get("code_urls", ())),
            source_id=d.get("source_id"),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be used, and why. Reported, never silently dropped."""

    file: str
    line: int | None
    reason: str
    # 1-based position in the JSON array that held the record (API responses put
    # every record on line 1); the reason names it too, for messages built from dicts.
    record: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Note:
    """Something papergraph changed in a record it kept (a paper that was written).

    ``record`` is the id of the paper the record became (in papers.jsonl).
    """

    file: str
    line: int | None
    record: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.record}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Records merged as one paper disagree on a field; ``kept`` is the value the merge kept.

    ``field`` is "title", "authors" or "doi"; ``kept_from``/``other_from`` are
    the ``file:line`` of the records the two values came from.
    """

    id: str
    field: str
    kept: str | tuple[str, ...]
    other: str | tuple[str, ...]
    kept_from: str
    other_from: str

    def to_dict(self) -> dict[str, Any]:
        d = _flat_dict(self)
        for k in ("kept", "other"):
            if isinstance(d[k], tuple):
                d[k] = list(d[k])
        return d


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What the readers produced from a set of inputs.

    Invariant: ``records_read == len(papers) + duplicates_merged + len(skipped)``.
    ``notes`` are about records that were kept, so they are not in that count.
    """

    papers: tuple[Paper, ...]
    skipped: tuple[Problem, ...] = ()
    records_read: int = 0
    duplicates_merged: int = 0
    files_read: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    conflicts: tuple[Conflict, ...] = ()  # merged records that disagreed, by paper id


@dataclass(slots=True)
class BuildReport:
    """Counts and timings of one ``build``; written as report.json."""

    records_read: int = 0
    duplicates_merged: int = 0
    papers_written: int = 0
    papers_skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)  # Note.to_dict() of records kept but changed
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # Conflict.to_dict() of each
    entities_by_type: dict[str, int] = field(default_factory=dict)
    mentions_by_type: dict[str, int] = field(default_factory=dict)
    results: int = 0  # claims: every number of every title and abstract
    claims_by_kind: dict[str, int] = field(default_factory=dict)  # score, change, other-system, not-a-result
    leaderboard_rows: int = 0  # claims every leaderboard interface ranks
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    shacl_conforms: bool | None = None
    shacl_scope: str = "none"  # "full: all N triples" or "sample: N of M papers, ..." (rdf.validate)
    rdf_provenance: str = "full"  # "full" or "claims" (see papergraph.rdf.mapping)
    generic_mentions: int = 0  # mentions flagged generic ("neural network"), kept in extractions.jsonl
    include_generic: bool = False  # whether generic mentions made graph nodes (build --include-generic)
    include_unattested: bool = False  # whether methods without evidence made nodes (build --include-unattested)
    unattested_methods: int = 0  # methods without evidence (papergraph.graph.evidence) left out of the graph
    # The extraction cache (papergraph.cache); these vary between builds of the same input, like timings.
    cache_hits: int = 0  # papers whose extraction was read from the cache
    cache_misses: int = 0  # papers extracted by this build (every paper without a cache)
    cache_discarded: int = 0  # extractions of another extractor, dropped from the cache
    cache_notes: list[str] = field(default_factory=list)  # "extractor changed: cache of N extractions discarded"
    # sha256 of what the outputs after extraction are made from (papergraph.reuse): equal keys, equal files.
    inputs_key: str = ""
    cache_reused: bool = False  # the previous build's files were taken, not made again (papergraph.reuse)
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

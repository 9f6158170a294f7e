"""papergraph's streaming SHACL engine gives pyshacl's results, on valid and broken graphs."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.rdf import write_rdf
from papergraph.rdf.mapping import nt_lines, unique_triples
from papergraph.rdf.shacl import compile_shapes, shipped_shapes, validate_lines, well_formed
from papergraph.rdf.validate import shapes_graph, validate_graph, validate_outdir
from tests.rdf.rdf_graphs import broken_graph, tiny_graph
from tests.rdf.test_rdf_validate import _planted

Triple = tuple[str, str, str]
BASE = "https://papergraph.dev/"
PG, XSD = BASE + "ontology#", "http://www.w3.org/2001/XMLSchema#"
DCT, OA = "http://purl.org/dc/terms/", "http://www.w3.org/ns/oa#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _canonical(term: str) -> str:
    """A term as rdflib writes it after parsing (rdflib normalises some literals)."""
    g = Graph().parse(data=f"<urn:s> <urn:p> {term} .\n", format="nt")
    return next(iter(g.objects())).n3()


def ours(triples: list[Triple]) -> set[tuple[str, str, str, str]]:
    lines = sorted(nt_lines(sorted(set(triples))))
    report = validate_lines(lambda: lines)
    return {(f.focus, f.path, f.component, _canonical(f.value) if f.value else "") for f in report.findings}


def theirs(triples: list[Triple]) -> set[tuple[str, str, str, str]]:
    import pyshacl

    data = Graph().parse(data="".join(nt_lines(sorted(set(triples)))), format="nt")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    got = set()
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        path, value = results.value(r, SH.resultPath), results.value(r, SH.value)
        component = str(results.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        got.add((results.value(r, SH.focusNode).n3(), path.n3() if isinstance(path, URIRef) else "", component,
                 "" if value is None else value.n3()))
    assert conforms == (not got)
    return got


def _of(T: set[Triple], cls: str) -> list[str]:
    return sorted(s for s, p, o in T if p == RDF_TYPE and o == f"<{cls}>")


def _replace(T: set[Triple], s: str, p: str, o: str) -> None:
    T -= {t for t in T if t[0] == s and t[1] == p}
    T.add((s, p, o))


# One planted violation each, of the constraints pyshacl and papergraph's engine must agree on.
def _mutations() -> list[Callable[[set[Triple]], None]]:
    def paper(T):
        return _of(T, PG + "Paper")[0]

    def result(T):
        return _of(T, PG + "Result")[0]

    return [
        lambda T: T.add((paper(T), f"<{DCT}title>", '"A second title"')),  # maxCount
        lambda T: T.difference_update({t for t in T if t[0] == paper(T) and t[1].endswith("rdf-schema#label>")}),
        lambda T: _replace(T, paper(T), f"<{DCT}title>", '""'),  # minLength
        lambda T: _replace(T, paper(T), f"<{DCT}date>", f'"2024-13-01"^^<{XSD}date>'),  # ill-typed, in sh:or
        lambda T: _replace(T, paper(T), f"<{DCT}date>", f'"2024-02-30"^^<{XSD}date>'),
        lambda T: _replace(T, paper(T), f"<{PG}upvotes>", f'"-3"^^<{XSD}integer>'),  # minInclusive
        lambda T: _replace(T, paper(T), f"<{PG}upvotes>", '"12"'),  # datatype
        lambda T: _replace(T, paper(T), f"<{PG}arxivId>", '"2401.00001"@en'),  # a language-tagged string
        lambda T: T.add((paper(T), "<https://schema.org/codeRepository>", '"github.com/x/y"')),  # nodeKind
        lambda T: T.add((paper(T), f"<{PG}uses>", _of(T, PG + "Task")[0])),  # sh:or of classes
        lambda T: T.add((paper(T), f"<{PG}addresses>", _of(T, PG + "Method")[0])),  # sh:class
        lambda T: T.add((paper(T), f"<{DCT}creator>", '"Ada Lovelace"')),  # nodeKind and class
        lambda T: _replace(T, result(T), f"<{PG}claimKind>", '"maybe"'),  # sh:in
        lambda T: _replace(T, result(T), f"<{PG}confidence>", f'"1.5"^^<{XSD}decimal>'),  # maxInclusive
        lambda T: _replace(T, result(T), f"<{PG}value>", f'"n/a"^^<{XSD}decimal>'),  # ill-typed decimal
        lambda T: T.add((result(T), f"<{PG}value>", f'"3.5"^^<{XSD}decimal>')),  # a second value
        lambda T: T.difference_update({t for t in T if t[1] == f"<{PG}reports>" and t[2] == result(T)}),
        lambda T: T.add((_of(T, PG + "Metric")[0], f"<{PG}direction>", '"sideways"')),
        lambda T: T.add((_of(T, PG + "Method")[0], f"<{PG}variantOf>", _of(T, PG + "Dataset")[0])),
        lambda T: _replace(T, _of(T, OA + "TextPositionSelector")[0], f"<{OA}start>",
                           f'"999999"^^<{XSD}nonNegativeInteger>'),  # lessThan
        lambda T: _replace(T, _of(T, OA + "TextPositionSelector")[0], f"<{OA}end>", f'"-4"^^<{XSD}integer>'),
        lambda T: T.difference_update({t for t in T if t[0] == _of(T, OA + "SpecificResource")[0]
                                       and t[1] == f"<{OA}hasSelector>"}),  # qualifiedMinCount
        lambda T: _replace(T, _of(T, OA + "SpecificResource")[0], f"<{PG}field>", '"body"'),
        lambda T: T.add((_of(T, PG + "Alias")[0], f"<{PG}count>", f'"0"^^<{XSD}integer>')),
        lambda T: T.add((_of(T, PG + "Method")[0], f"<{PG}mentionCount>", f'"1.5"^^<{XSD}integer>')),
    ]


def test_valid_and_broken_graphs_get_pyshacl_results() -> None:
    for G in (tiny_graph(), broken_graph()):
        triples = unique_triples(G)
        assert ours(triples) == theirs(triples)
    planted, _ = _planted()
    got = ours(planted)
    assert got == theirs(planted) and len(got) >= 8


@pytest.mark.parametrize("i", range(len(_mutations())))
def test_each_planted_violation_gets_pyshacl_results(i: int) -> None:
    T = set(unique_triples(tiny_graph()))
    _mutations()[i](T)
    got = ours(sorted(T))
    assert got, "the mutation breaks a shape"
    assert got == theirs(sorted(T))


def test_random_combinations_of_violations_agree() -> None:
    rng = random.Random(7)
    fns = _mutations()
    for _ in range(6):
        T = set(unique_triples(tiny_graph()))
        for fn in rng.sample(fns, 5):
            fn(T)
        assert ours(sorted(T)) == theirs(sorted(T))


def test_lines_are_read_in_subject_order() -> None:
    lines = nt_lines(unique_triples(tiny_graph()))
    with pytest.raises(ValueError, match="subject-sorted"):
        validate_lines(lambda: list(reversed(lines)))


def test_shapes_outside_the_implemented_subset_are_refused() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern "^a" ] .
    """, format="turtle")
    with pytest.raises(ValueError, match="pattern"):
        compile_shapes(shapes)
    assert shipped_shapes().shapes  # the shipped shapes compile


def test_an_invalid_boolean_is_a_violation() -> None:
    # rdflib reads "yes"^^xsd:boolean as false (with a warning), so pyshacl passes it; XSD does not.
    T = set(unique_triples(tiny_graph()))
    method = _of(T, PG + "Method")[0]
    _replace(T, method, f"<{PG}inGazetteer>", f'"yes"^^<{XSD}boolean>')
    lines = sorted(nt_lines(sorted(T)))
    found = validate_lines(lambda: lines).findings
    assert [(f.focus, f.component) for f in found] == [(method, "DatatypeConstraintComponent")]


def test_lexical_forms() -> None:
    assert well_formed(" 12 ", f"<{XSD}integer>") and not well_formed("1.5", f"<{XSD}integer>")
    assert well_formed("2024-02-29", f"<{XSD}date>") and not well_formed("2023-02-29", f"<{XSD}date>")
    assert well_formed(".5", f"<{XSD}decimal>") and not well_formed("1e3", f"<{XSD}decimal>")
    assert well_formed("2024-07", f"<{XSD}gYearMonth>") and not well_formed("2024-7", f"<{XSD}gYearMonth>")


def test_builds_and_validate_check_every_triple(tmp_path: Path) -> None:
    report = write_rdf(broken_graph(), tmp_path)
    assert report.conforms is False and report.validated == f"full: all {report.triples:,} triples"
    whole = validate_outdir(tmp_path)
    reference = validate_outdir(tmp_path, engine="pyshacl", full=True)
    assert whole.text == reference.text and whole.violations == reference.violations == 3
    assert validate_graph(broken_graph()).text == whole.text
    sampled = validate_outdir(tmp_path, engine="pyshacl", full_limit=0, sample_papers=2)
    assert sampled.scope.startswith("sample: 2 of 3 papers")
    cli = CliRunner().invoke(app, ["validate", str(tmp_path), "--engine", "pyshacl", "--full"])
    assert cli.exit_code == 1 and "3 SHACL violation(s)" in cli.output


def test_turtle_written_beside_the_validation_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papergraph.rdf import export

    here = write_rdf(broken_graph(), tmp_path / "here")
    monkeypatch.setattr(export, "PARALLEL_FROM", 0)
    monkeypatch.setattr(export, "_cpus", lambda: 2)
    stages: list[tuple[str, int, int | None]] = []
    beside = write_rdf(broken_graph(), tmp_path / "beside", progress=lambda *a: stages.append(a))
    for name in ("graph.nt", "graph.ttl"):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "beside" / name).read_bytes()
    assert (here.conforms, here.violations, here.validated) == (beside.conforms, beside.violations, beside.validated)
    ttl = [a for a in stages if a[0] == "ttl"]
    assert ttl[0][1] == 0 and ttl[-1][1] == ttl[-1][2] == here.triples  # started, then done after the join


def test_a_turtle_writer_failing_beside_the_validation_fails_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papergraph.errors import PapergraphError
    from papergraph.rdf import export

    def full(nt: Path, ttl: Path, base: str, tick: object = None) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "PARALLEL_FROM", 0)
    monkeypatch.setattr(export, "_cpus", lambda: 2)
    monkeypatch.setattr(export, "write_turtle", full)  # the forked child has it too
    with pytest.raises(PapergraphError, match=r"cannot write .*graph\.ttl: OSError: .*No space left"):
        write_rdf(broken_graph(), tmp_path)

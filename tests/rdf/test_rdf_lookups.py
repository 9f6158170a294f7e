"""Names are looked up by pg:nameKey; canned queries run as plain SPARQL too (the endpoint's way)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from papergraph.rdf import PG, query, run_named
from papergraph.rdf.mapping import to_rdf
from papergraph.rdf.named import get_query
from tests.rdf.rdf_graphs import tiny_graph

ID = "https://papergraph.dev/id/"


def test_every_name_alias_and_title_has_its_lower_case_key() -> None:
    G = tiny_graph()
    g = to_rdf(G)
    for n, d in G.nodes(data=True):
        keys = {str(o) for o in g.objects(URIRef(ID + n.replace(":", "/", 1)), PG.nameKey)}
        if d["kind"] == "Paper":
            assert keys == {d["title"].lower()}, n
        elif d["kind"] == "Result":
            assert keys == set(), n
        else:
            assert keys == {name.lower() for name in (d["label"], *d["aliases"])}, n


@pytest.mark.parametrize("name", ["ImageNet-1K", "imagenet-1k", "IMAGENET-1K", "ImageNet", "imagenet"])
def test_a_dataset_is_found_whatever_the_case_of_its_name_or_alias(tiny_build: Path, name: str) -> None:
    rows = run_named(tiny_build, "leaderboard", {"dataset": name})
    assert [str(r["methodName"]) for r in rows] == ["FooNet", "BarNet"]


def _inline(sparql: str, values: dict[str, str]) -> str:
    """The canned query as plain SPARQL: its parameters given by a VALUES block, as an endpoint
    user would send it."""
    names = " ".join(f"?{k}" for k in values)
    row = " ".join(Literal(v).n3() for v in values.values())
    return re.sub(r"\bWHERE\s*\{", f"WHERE {{\n  VALUES ({names}) {{ ({row}) }}", sparql, count=1)


@pytest.mark.parametrize(
    "name, params",
    [
        ("leaderboard", {"dataset": "imagenet", "metric": ""}),
        ("leaderboard", {"dataset": "ImageNet-1K", "metric": "top-1 accuracy"}),
        ("papers-proposing", {"name": "foonet"}),
        ("methods-for-task", {"task": "Image Classification"}),
        ("paper-claims", {"paper": "2401.00002"}),
        ("find-entity", {"text": "resnet"}),
        ("methods-used-together", {"method": "", "min_papers": "1"}),
        ("methods-used-together", {"method": "lora", "min_papers": "1"}),
    ],
)
def test_canned_queries_with_inline_values_give_the_bound_rows(tiny_build: Path, name: str, params: dict[str, str]) -> None:
    bound = run_named(tiny_build, name, params)
    assert len(bound) > 0
    values = {k: v for k, v in params.items()}
    text = _inline(get_query(name).sparql, values)
    if "min_papers" in values:  # an integer parameter
        text = text.replace(Literal(values["min_papers"]).n3(), values["min_papers"])
    inline = query(tiny_build, text).without(tuple(values))
    assert inline.variables == bound.variables
    assert inline.rows == bound.rows

"""Sorting N-Triples lines in runs spilled to disk gives what sorting them all at once gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.rdf import terms as T
from papergraph.rdf.runs import read_triples, sorted_distinct, split_line

_TERMS = st.one_of(
    st.sampled_from(["<http://x/a>", "<http://x/ab>", "<http://x/b>"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6).map(T.literal),
    st.integers(-99, 99).map(T.integer),
)
_LINES = st.lists(
    st.tuples(st.sampled_from(["<http://x/s>", "<http://x/s2>"]), st.just("<http://x/p>"), _TERMS),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(triples=_LINES, run_lines=st.integers(1, 8))
def test_runs_give_sorted_distinct_lines(tmp_path_factory, triples, run_lines) -> None:
    folder = Path(tmp_path_factory.mktemp("runs"))
    lines = [f"{s} {p} {o} .\n" for s, p, o in triples]
    with sorted_distinct(iter(lines), folder, run_lines=run_lines) as merged:
        got = list(merged)
    assert got == sorted(set(lines))
    # Sorting lines sorts the triples themselves: the order the outputs always had.
    assert [split_line(line) for line in got] == sorted(set(triples))
    assert [p.name for p in folder.iterdir()] == []  # the runs are removed


def test_lines_with_unicode_separators_survive_a_spill(tmp_path: Path) -> None:
    odd = [T.literal(text) for text in ("a\u2028b", "c\u0085d", "e\rf", "g\x0bh", "tab\there")]
    lines = [f"<http://x/s> <http://x/p> {o} .\n" for o in odd] * 2
    with sorted_distinct(iter(lines), tmp_path, run_lines=2) as merged:
        got = list(merged)
    assert got == sorted(set(lines))
    nt = tmp_path / "g.nt"
    nt.write_text("".join(got), encoding="utf-8", newline="\n")
    assert list(read_triples(nt)) == [split_line(line) for line in got]

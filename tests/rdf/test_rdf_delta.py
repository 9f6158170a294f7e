"""Two builds' graph.nt compared line by line: what the store must drop and add."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.rdf.delta import nt_delta


def _nt(path: Path, lines: list[str]) -> Path:
    path.write_bytes("".join(f"<http://x/{s}> <http://x/p> \"{s}\" .\n" for s in lines).encode())
    return path


def _subjects(lines: tuple[bytes, ...]) -> list[str]:
    return [line.split(b">", 1)[0].rsplit(b"/", 1)[1].decode() for line in lines]


@pytest.mark.parametrize(
    "old, new, removed, added",
    [
        (list("abcdefgh"), list("abcdefgh"), [], []),
        (list("abcdefgh"), list("abcdefghi"), [], ["i"]),
        (list("bcdefghi"), list("abcdefghi"), [], ["a"]),
        (list("abcdefghij"), list("abdefghijk"), ["c"], ["k"]),
        (list("abcdefghij"), list("abcXefghij"), ["d"], ["X"]),
        ([], [], [], []),
    ],
)
def test_delta_is_the_lines_one_file_lacks(tmp_path: Path, old: list[str], new: list[str], removed: list[str], added: list[str]) -> None:
    old, new = sorted(old), sorted(new)
    delta = nt_delta(_nt(tmp_path / "old.nt", old), _nt(tmp_path / "new.nt", new), max_changed=1.0)
    assert delta is not None
    assert sorted(_subjects(delta.removed)) == sorted(removed)
    assert sorted(_subjects(delta.added)) == sorted(added)
    assert delta.kept == len(set(old) & set(new))


def test_too_many_changes_give_no_delta(tmp_path: Path) -> None:
    old = _nt(tmp_path / "old.nt", [f"a{i:03}" for i in range(100)])
    new = _nt(tmp_path / "new.nt", [f"a{i:03}" for i in range(50)] + [f"b{i:03}" for i in range(50)])
    assert nt_delta(old, new, max_changed=0.25) is None
    delta = nt_delta(old, new, max_changed=1.0)
    assert delta is not None and (len(delta.removed), len(delta.added), delta.kept) == (50, 50, 50)


@pytest.mark.parametrize("which", ["old", "new"])
def test_a_file_out_of_order_gives_no_delta(tmp_path: Path, which: str) -> None:
    lines = {"old": list("abcd"), "new": list("abcde")}
    lines[which] = [*lines[which][1:], lines[which][0]]
    old, new = _nt(tmp_path / "old.nt", lines["old"]), _nt(tmp_path / "new.nt", lines["new"])
    assert nt_delta(old, new, max_changed=1.0) is None

"""``papergraph view``: open the page, or print its path when there is no browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.viz import open as viz_open
from papergraph.viz import write_html
from tests.viz.viz_graphs import make_small_graph

runner = CliRunner()


@pytest.fixture
def build(tmp_path: Path) -> Path:
    write_html(make_small_graph(), tmp_path / "graph.html")
    return tmp_path


def test_print_only_prints_the_path(build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(viz_open, "open_viewer", lambda page: opened.append(str(page)) or True)
    result = runner.invoke(app, ["view", str(build), "--print"])
    assert result.exit_code == 0
    assert result.stdout.strip() == str((build / "graph.html").resolve())
    assert opened == []


@pytest.mark.parametrize("env, opens", [({"DISPLAY": ":0"}, True), ({}, False)])
def test_opens_a_browser_only_with_a_display(
    build: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], opens: bool
) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(viz_open.sys, "platform", "linux")
    calls: list[str] = []

    class Browser:
        def open(self, url: str, new: int = 0) -> bool:
            calls.append(url)
            return True

    monkeypatch.setattr(viz_open.webbrowser, "get", lambda: Browser())
    result = runner.invoke(app, ["view", str(build)])
    assert result.exit_code == 0
    page = (build / "graph.html").resolve()
    assert calls == ([page.as_uri()] if opens else [])
    assert (str(page) in result.stdout) is not opens


def test_accepts_the_page_itself(build: Path) -> None:
    result = runner.invoke(app, ["view", str(build / "graph.html"), "--print"])
    assert result.exit_code == 0 and result.stdout.strip().endswith("graph.html")


def test_missing_build_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["view", str(tmp_path / "nope"), "--print"])
    assert result.exit_code == 1
    assert "no graph.html" in result.output and "papergraph build" in result.output

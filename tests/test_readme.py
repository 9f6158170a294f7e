"""The README's Python examples run, as doctests, against a real build of examples/."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from papergraph.pipeline import build

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_examples(tmp_path: Path, examples_dir: Path) -> None:
    build([examples_dir], tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README has no python example"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        "\n".join(blocks), {"OUTDIR": str(tmp_path)}, "README.md", str(README), 0
    )
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0

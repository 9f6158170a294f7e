"""The page's static parts: vendored vis-network, our script and style, CSP hashes.

vis-network is vendored unmodified (see ``assets/README.md``) and inlined
into every page, so the page opens from disk with no network at all. The
Content-Security-Policy allows exactly these inline scripts and styles by
hash; the style blocks vis-network injects at start-up are found in its
source so that they can be allowed by hash too, rather than opening
``style-src`` to any inline style.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from papergraph.errors import PapergraphError

VIS_NETWORK_VERSION = "10.1.5"
VIS_NETWORK_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=[^\n]*\s*\Z")
# The UMD build starts with a function that appends a <style> element, then calls it
# once per stylesheet: A("css");A('css');...
_CSS_CALL = re.compile(r"""A\((?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\);?""")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "/": "/"}
#: Text that would end an inline <script> early or switch the parser's state.
_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.I)


@dataclass(frozen=True, slots=True)
class Assets:
    vis_js: str
    app_js: str
    css: str
    vis_css: tuple[str, ...]  # the stylesheets vis-network injects

    def csp(self) -> str:
        """The page's Content-Security-Policy: nothing but these inline parts."""
        scripts = " ".join(f"'{sha256_source(s)}'" for s in (self.vis_js, self.app_js))
        # vis-network appends each <style> element empty, then fills it; the
        # empty one is checked too, so the hash of "" is allowed (it styles nothing).
        styles = " ".join(f"'{sha256_source(s)}'" for s in (self.css, "", *self.vis_css))
        return (
            "default-src 'none'; "
            f"script-src {scripts}; "
            f"style-src {styles}; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        )


def sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _read(name: str) -> str:
    return (resources.files("papergraph.viz") / "assets" / name).read_text(encoding="utf-8")


def _js_string(literal: str) -> str:
    def unescape(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "ux" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        if esc in _SIMPLE:
            return _SIMPLE[esc]
        raise PapergraphError(f"unexpected escape \\{esc} in vis-network's stylesheet")

    return _ESCAPE.sub(unescape, literal)


def injected_css(vis_js: str) -> tuple[str, ...]:
    """The stylesheets vis-network's UMD build appends to <head> when it loads."""
    start = vis_js.find("}}A(")
    if start < 0:
        return ()
    pos = start + 2
    out: list[str] = []
    while m := _CSS_CALL.match(vis_js, pos):
        lit = m.group(1) if m.group(1) is not None else m.group(2)
        out.append(_js_string(lit))
        pos = m.end()
    return tuple(out)


def _inline_safe(name: str, source: str) -> str:
    if _UNSAFE_IN_SCRIPT.search(source):
        raise PapergraphError(
            f"{name} contains '</script' or '<!--' and cannot be inlined; "
            "check the vendored file in papergraph/viz/assets"
        )
    return source


@cache
def load_assets() -> Assets:
    """Read (once) and check the assets; raises if the vendored file was altered."""
    raw = _read("vis-network.min.js")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    if digest != VIS_NETWORK_SHA256:
        raise PapergraphError(
            "papergraph/viz/assets/vis-network.min.js does not match the vendored "
            f"vis-network {VIS_NETWORK_VERSION} (sha256 {digest}); reinstall papergraph "
            "or follow assets/README.md to upgrade it"
        )
    vis_js = _inline_safe("vis-network.min.js", _SOURCE_MAP.sub("\n", raw))
    return Assets(
        vis_js=vis_js,
        app_js=_inline_safe("viewer.js", _read("viewer.js")),
        css=_read("viewer.css"),
        vis_css=injected_css(vis_js),
    )

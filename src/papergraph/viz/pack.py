"""How the page carries its data: a JSON block for what is drawn, a packed block for the rest.

A corpus build names a quarter of a million entities and its page carries
thousands of abstracts. Most of those bytes are text that is read only when
the reader opens a panel or types in the search, so they travel packed:
JSON, deflated (zlib, level 9, no timestamp, so the same data gives the same
bytes) and written in base64, which holds only ``[A-Za-z0-9+/=]`` and so
cannot close its ``<script>`` element whatever the input says. The page
inflates it with the browser's own ``DecompressionStream``; nothing is
fetched.

What is drawn first (the overview's nodes, edges, the placed entities and
their leaderboards) stays plain JSON, so the page and other tools can read
it without unpacking. The other entities' records (those only named by the
embedded papers), the results, the papers and the long tail are packed; the
packed ``entities`` map is merged into the plain one.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import Any

#: Top-level keys of the page data that travel packed.
PACKED_KEYS = ("papers", "results", "more", "plist")
#: Of those, the ones in the second packed block, which the page inflates as it opens but
#: parses only when a panel first needs them (the search reads ``pindex`` instead).
LAZY_KEYS = ("papers", "results")
_PLAIN = re.compile(r'<script type="application/json" id="pg-data">(.*?)</script>', re.S)
_PACKED = re.compile(r'<script type="application/octet-stream" id="pg-(packed|lazy)">(.*?)</script>', re.S)


def script_json(obj: Any) -> str:
    """JSON safe inside an HTML <script> element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where the ``\\u``
    escapes decode to the same characters, so ``</script>`` and ``<!--`` in a
    title can neither end the element nor change how the parser reads it.
    """
    raw = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        raw.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def pack(obj: Any) -> str:
    """``obj`` as base64 of deflated UTF-8 JSON (what ``pg-packed`` holds)."""
    raw = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return base64.b64encode(zlib.compress(raw.encode("utf-8"), 9)).decode("ascii")


def unpack(text: str) -> Any:
    """The inverse of :func:`pack`."""
    return json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))


def split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The page data as (plain, packed, lazy) parts; placed entities (``dr``) stay plain.

    The packed part also gets ``pindex``, what the search needs of each paper
    (``id``, title ``t``, authors ``au``), so that the papers' full records
    are parsed only when a panel first shows one.
    """
    plain = {k: v for k, v in data.items() if k not in PACKED_KEYS}
    packed = {k: v for k, v in data.items() if k in PACKED_KEYS and k not in LAZY_KEYS}
    lazy = {k: v for k, v in data.items() if k in LAZY_KEYS}
    entities = data.get("entities", {})
    plain["entities"] = {e: rec for e, rec in entities.items() if rec.get("dr")}
    packed["entities"] = {e: rec for e, rec in entities.items() if not rec.get("dr")}
    papers = data.get("papers", {})
    packed["pindex"] = {
        "id": list(papers),
        "t": [rec["t"] for rec in papers.values()],
        "au": [rec.get("au", []) for rec in papers.values()],
    }
    return plain, packed, lazy


def merge(plain: dict[str, Any], *packed: dict[str, Any]) -> dict[str, Any]:
    """The page data again from its parts (what the page's script does as it opens)."""
    data = dict(plain)
    for part in packed:
        for k, v in part.items():
            data[k] = {**data.get(k, {}), **v} if k == "entities" else v
    data.pop("pindex", None)
    return data


def read_page_data(html: str) -> dict[str, Any]:
    """The whole page data of a viewer page, the packed part unpacked (for tests and tools)."""
    plain = _PLAIN.search(html)
    if plain is None:
        raise ValueError("not a papergraph viewer page: no pg-data block")
    data: dict[str, Any] = json.loads(plain.group(1))
    return merge(data, *(unpack(m.group(2)) for m in _PACKED.finditer(html)))

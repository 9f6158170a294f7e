"""Size and CPU time of gzip levels over the text outputs of a plain build (what `build --compress` writes).

    .venv/bin/python benchmarks/bench_compress.py OUTDIR                 # levels 1, 3, 6, 9
    .venv/bin/python benchmarks/bench_compress.py OUTDIR --levels 1,6

Each file is read into memory once, then compressed at each level in 1 MiB blocks, as
the build feeds them to gzip, and decompressed again; CPU time of this process on one
core, so other jobs on the machine change the figures less than they change wall time.
Prints a Markdown table: compressed size and compression time per file and level, then
the decompression time at each level.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papergraph._io import _BLOCK  # noqa: E402  (after the path is set)
from papergraph.pipeline import COMPRESSIBLE_FILES  # noqa: E402

_GZIP = 31  # zlib's wbits for a gzip container


def compress(data: bytes, level: int) -> tuple[bytes, float]:
    c0 = time.process_time()
    z = zlib.compressobj(level, zlib.DEFLATED, _GZIP)
    parts = [z.compress(data[i : i + _BLOCK]) for i in range(0, len(data), _BLOCK)]
    parts.append(z.flush())
    return b"".join(parts), time.process_time() - c0


def decompress_seconds(packed: bytes, size: int) -> float:
    c0 = time.process_time()
    d = zlib.decompressobj(_GZIP)
    n = sum(len(d.decompress(packed[i : i + _BLOCK])) for i in range(0, len(packed), _BLOCK))
    if n != size:
        raise SystemExit(f"round trip lost bytes: {n} of {size}")
    return time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path, help="a plain build's output folder")
    ap.add_argument("--levels", default="1,3,6,9", help="comma-separated zlib levels")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    files = [args.outdir / n for n in COMPRESSIBLE_FILES if (args.outdir / n).is_file()]
    if not files:
        raise SystemExit(f"{args.outdir} holds none of {', '.join(COMPRESSIBLE_FILES)} (a plain build)")
    print("| file | plain | " + " | ".join(f"level {lv}" for lv in levels) + " |")
    print("|---" * (2 + len(levels)) + "|")
    totals = {lv: [0, 0.0, 0.0] for lv in levels}  # compressed bytes, compress s, decompress s
    plain_total = 0
    for path in files:
        data = path.read_bytes()
        plain_total += len(data)
        cells = []
        for lv in levels:
            packed, seconds = compress(data, lv)
            totals[lv][0] += len(packed)
            totals[lv][1] += seconds
            totals[lv][2] += decompress_seconds(packed, len(data))
            cells.append(f"{len(packed) / 1e6:.1f} MB, {seconds:.1f} s")
        print(f"| {path.name} | {len(data) / 1e6:.1f} MB | " + " | ".join(cells) + " |")
    cells = [f"{totals[lv][0] / 1e6:.1f} MB, {totals[lv][1]:.1f} s" for lv in levels]
    print(f"| all | {plain_total / 1e6:.1f} MB | " + " | ".join(cells) + " |")
    print("\ndecompression, all files: " + ", ".join(f"level {lv} {totals[lv][2]:.1f} s" for lv in levels))


if __name__ == "__main__":
    main()

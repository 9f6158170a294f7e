"""Progress reporting: the plain-line reporter for logs, the throttle, and the reporter choice."""

from __future__ import annotations

import io
import re

import pytest

from papergraph.progress import (
    CountingReader,
    LineReporter,
    RichReporter,
    SilentReporter,
    Throttle,
    duration,
    reporter,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _lines(buf: io.StringIO) -> list[str]:
    return buf.getvalue().splitlines()


def test_a_stage_writes_a_start_line_throttled_progress_and_an_end_line_with_its_time() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=5.0, clock=clock)
    rep("graph", 0, 74728)
    for done in range(1000, 74728, 1000):  # one call a second
        clock.now += 1.0
        rep("graph", done, 74728)
    clock.now += 0.5
    rep("graph", 74728, 74728)
    lines = _lines(buf)
    assert lines[0] == "papergraph: graph started (74728 papers)"
    assert lines[-1] == "papergraph: graph done: 74728 papers in 74.5s"
    middle = lines[1:-1]
    # 74 seconds of calls, a line at most every 5 s.
    assert len(middle) == 14
    assert middle[0] == "papergraph: graph 5000/74728 papers (6%), 1000/s, 1m10s left"
    for line in middle:
        m = re.fullmatch(r"papergraph: graph (\d+)/74728 papers \((\d+)%\), (\d+)/s, (\S+) left", line)
        assert m is not None, line
        assert int(m.group(2)) == int(100 * int(m.group(1)) / 74728)


def test_bytes_read_in_megabytes_and_a_stage_without_a_total() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=0, clock=clock)
    rep("parse", 0, 480_000_000)
    clock.now += 4
    rep("parse", 120_000_000, 480_000_000)
    rep("read", 0, None)
    clock.now += 2
    rep("read", 500, None)
    assert _lines(buf) == [
        "papergraph: parse started (480.0 MB)",
        "papergraph: parse 120.0/480.0 MB (25%), 30.0 MB/s, 12s left",
        "papergraph: parse done: 120.0 MB in 4.0s",  # a new stage ends the one before it
        "papergraph: read started",
        "papergraph: read 500 papers, 250/s",
    ]


def test_the_store_loading_beside_other_stages_is_neither_ended_by_them_nor_ends_them() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=100, clock=clock)
    rep("nt", 0, None)
    rep("nt", 10, 10)
    rep("ttl", 0, 10)
    rep("store", 0, 2_000_000)
    rep("edges", 0, None)
    clock.now += 1
    rep("save", 0, 5)  # ends edges, which reported no end, but neither ttl nor the store
    clock.now += 1
    rep("store", 2_000_000, 2_000_000)
    rep("save", 5, 5)
    rep("ttl", 10, 10)
    assert _lines(buf) == [
        "papergraph: nt started",
        "papergraph: nt done: 10 triples in 0.0s",
        "papergraph: ttl started (10 triples)",
        "papergraph: store started (2.0 MB)",
        "papergraph: edges started",
        "papergraph: edges done in 1.0s",
        "papergraph: save started (5 nodes)",
        "papergraph: store done: 2.0 MB in 2.0s",
        "papergraph: save done: 5 nodes in 1.0s",
        "papergraph: ttl done: 10 triples in 2.0s",
    ]


def test_close_ends_open_stages_and_a_single_step_stage_has_no_count() -> None:
    buf, clock = io.StringIO(), Clock()
    with LineReporter(buf, clock=clock) as rep:
        rep("shacl", 0, 1)
        clock.now += 5.4
    assert _lines(buf) == ["papergraph: shacl started", "papergraph: shacl done in 5.4s"]


def test_an_ended_stage_ignores_later_calls() -> None:
    buf = io.StringIO()
    rep = LineReporter(buf, interval=0, clock=Clock())
    rep("extract", 3, 3)
    rep("extract", 3, 3)
    rep.close()
    assert _lines(buf) == ["papergraph: extract started (3 papers)", "papergraph: extract done: 3 papers in 0.0s"]


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0s"), (42.4, "42s"), (59.6, "1m00s"), (185, "3m05s"), (3720, "1h02m")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_throttle_reports_per_batch_not_per_item() -> None:
    seen: list[tuple[str, int, int | None]] = []
    tick = Throttle(lambda *a: seen.append(a), "link", 250_000)
    for i in range(250_000):
        tick(i)
    tick.end(250_000)
    assert seen[0] == ("link", 0, 250_000) and seen[-1] == ("link", 250_000, 250_000)
    assert 50 <= len(seen) <= 110
    done = [d for _, d, _ in seen]
    assert done == sorted(done)


def test_throttle_end_of_a_stage_without_a_total() -> None:
    seen: list[tuple[str, int, int | None]] = []
    Throttle(lambda *a: seen.append(a), "read", None).end(7)
    assert seen == [("read", 0, None), ("read", 7, 7)]


def test_counting_reader_reports_bytes_as_they_are_read() -> None:
    data = b"x" * (3 << 20)
    seen: list[int] = []
    reader = CountingReader(io.BytesIO(data), len(data), seen.append)
    got = b"".join(iter(lambda: reader.read(1 << 16), b""))
    assert got == data
    assert seen and seen == sorted(seen) and seen[-1] <= len(data)
    assert len(seen) == 3  # every MB (0.5% of 3 MB is less)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reporter_choice() -> None:
    assert isinstance(reporter(io.StringIO(), quiet=True), SilentReporter)
    assert isinstance(reporter(_Tty(), quiet=True), SilentReporter)
    assert isinstance(reporter(io.StringIO()), LineReporter)
    bars = reporter(_Tty())
    try:
        assert isinstance(bars, RichReporter)
        bars("extract", 5, 10)
    finally:
        bars.close()


def test_a_stage_working_between_reports_still_shows_it_runs() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=5.0, clock=clock)
    rep("shacl", 0, 1)
    clock.now += 3
    rep.pulse()  # too soon
    clock.now += 3
    rep.pulse()
    rep("scan", 0, 1000)
    rep("scan", 400, 1000)
    clock.now += 10
    rep.pulse()
    rep.close()
    assert _lines(buf) == [
        "papergraph: shacl started",
        "papergraph: shacl running, 6s",
        "papergraph: shacl done in 6.0s",
        "papergraph: scan started (1000 items)",
        "papergraph: scan 400/1000 items (40%), 40/s, 15s left",
        "papergraph: scan done: 400 items in 10.0s",
    ]


def test_the_pulse_names_the_stage_the_build_is_in_not_one_beside_it() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=5.0, clock=clock)
    rep("ttl", 0, 100)  # written in a second process
    rep("store", 0, 1_000_000)  # loaded in a thread
    rep("shacl", 0, None)
    clock.now += 6
    rep.pulse()
    assert _lines(buf)[-1] == "papergraph: shacl running, 6s"


def test_the_heartbeat_thread_writes_while_nothing_reports() -> None:
    import time

    buf = io.StringIO()
    rep = LineReporter(buf, interval=1.0, heartbeat=True)
    rep("shacl", 0, 1)
    time.sleep(2.5)
    rep("shacl", 1, 1)
    rep.close()
    lines = _lines(buf)
    assert lines[0] == "papergraph: shacl started" and lines[-1].startswith("papergraph: shacl done in 2.")
    assert lines[1:-1] and all(re.fullmatch(r"papergraph: shacl running, [12]s", x) for x in lines[1:-1])


def test_steps_get_no_rate_or_estimate() -> None:
    buf, clock = io.StringIO(), Clock()
    rep = LineReporter(buf, interval=0, clock=clock)
    rep("html", 0, 4)
    clock.now += 12
    rep("html", 1, 4)
    assert _lines(buf)[-1] == "papergraph: html step 1/4, 12s"


def test_an_eval_set_reports_per_document() -> None:
    from papergraph.evaluate.entities import score_set

    rows = [{"id": i, "text": "ResNet on ImageNet", "entities": [
        {"start_char": 0, "end_char": 6, "type": "Method"}]} for i in range(3)]
    seen: list[tuple[str, int, int | None]] = []

    def predict(rows: list[dict], *, id_key: str):  # type: ignore[no-untyped-def]
        return [[(0, 6, "Method")] for _ in rows]

    score = score_set("toy", rows, {"Method": "Method"}, predict, id_key="id",
                      progress=lambda *a: seen.append(a), stage="eval rules toy")
    assert seen == [("eval rules toy", n, 3) for n in range(4)]
    assert score.micro.tp == 3
    buf = io.StringIO()
    LineReporter(buf, clock=Clock())("eval rules toy", 0, 3)
    assert buf.getvalue() == "papergraph: eval rules toy started (3 documents)\n"


def test_a_failed_run_says_the_open_stage_stopped() -> None:
    buf, clock = io.StringIO(), Clock()
    with pytest.raises(KeyboardInterrupt), LineReporter(buf, clock=clock) as rep:
        rep("ttl", 0, 100)
        rep("ttl", 40, 100)
        clock.now += 2
        raise KeyboardInterrupt
    assert _lines(buf)[-1] == "papergraph: ttl stopped: 40 triples in 2.0s"

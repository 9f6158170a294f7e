"""A TCP listener on 127.0.0.1 that records every connection made to it.

Stands in for a service a query might try to reach: SERVICE <its url> must
leave ``contacts`` empty. It answers nothing and closes each connection, so a
query that does reach it fails fast instead of hanging.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.contacts: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    self.contacts.append(conn.recv(4096) or b"(connected, sent nothing)")
                except OSError:
                    self.contacts.append(b"(connected)")

    def settle(self) -> list[bytes]:
        """The contacts so far, after giving a late connection time to land."""
        time.sleep(0.1)
        return self.contacts

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@contextmanager
def listening() -> Iterator[Listener]:
    lis = Listener()
    try:
        yield lis
    finally:
        lis.close()

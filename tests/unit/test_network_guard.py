"""The guards in conftest.py hold for every test."""

from __future__ import annotations

import os
import socket

import pytest

from claimkit.validation.result import today
from harness import TODAY


def test_connections_are_refused() -> None:
    with pytest.raises(RuntimeError, match="network"):
        socket.create_connection(("example.org", 80), timeout=1)
    with socket.socket() as sock, pytest.raises(RuntimeError, match="network"):
        sock.connect(("127.0.0.1", 9))


def test_today_is_fixed() -> None:
    assert os.environ["CLAIMKIT_TODAY"] == TODAY
    assert today().isoformat() == TODAY

"""Fixtures for every test: no network access, and a fixed date for "today"; the slow marker."""

from __future__ import annotations

import socket

import pytest

from harness import TODAY


class NetworkBlockedError(RuntimeError):
    """Raised by any attempt to open a network connection during the tests."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlockedError("the tests must not use the network")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with outgoing connections refused."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """validate reads today's date from CLAIMKIT_TODAY; subprocesses inherit it."""
    monkeypatch.setenv("CLAIMKIT_TODAY", TODAY)
    return TODAY


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """validate's cache goes to a folder of the test run's own, never the user's."""
    import os

    os.environ["CLAIMKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("claimkit-cache"))


# Folders whose tests are slow by nature (hostile inputs at the size limits, fault injection with
# real kills, the benchmark's smoke run): `make test-fast` leaves them out, `make test` runs them.
SLOW_FOLDERS = ("hostile", "bench")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of the slow folders `slow`."""
    for item in items:
        if any(part in SLOW_FOLDERS for part in item.path.parent.parts[-1:]):
            item.add_marker(pytest.mark.slow)

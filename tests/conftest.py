"""Shared fixtures: the real graph, built once through the CLI, and a real server process.

Tests talk to the product the way users do: the `kg` command, HTTP on a loopback port, SPARQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"


def kg(*args: str, env: dict | None = None, check: bool = False, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the kg CLI as a user would (a separate process)."""
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                            env=full_env, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The full graph, built by `kg build` (integrity shapes and HermiT included)."""
    store = tmp_path_factory.mktemp("kg") / "store"
    result = kg("build", "--store", str(store), check=True)
    (tmp_path_factory.getbasetemp() / "build-output.txt").write_text(result.stdout + result.stderr)
    return store


@pytest.fixture(scope="session")
def build_output(built_store, tmp_path_factory) -> str:
    return (tmp_path_factory.getbasetemp() / "build-output.txt").read_text()


@contextlib.contextmanager
def serving(store, log_path: Path, *extra: str, env: dict | None = None):
    """`kg serve` on a free loopback port, as a separate process; yields its base URL."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port), *extra],
                                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url + "/api/queries")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def server(built_store, tmp_path_factory):
    """The real graph served by `kg serve`."""
    with serving(built_store, tmp_path_factory.getbasetemp() / "server.log") as url:
        yield url


@pytest.fixture
def mini_home(tmp_path) -> Path:
    """A small project home (real ontology, shapes and queries; no data) for broken-fixture tests."""
    home = tmp_path / "home"
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, home / part)
    shutil.copytree(ROOT / "shapes" / "integrity", home / "shapes" / "integrity")
    (home / "data").mkdir()
    return home

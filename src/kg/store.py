"""Opening the store the graph lives in.

The embedded store is a pyoxigraph (Oxigraph/RocksDB) directory, or an in-memory store for tests
and `--memory`. Readers open the directory read-only, so a build can write its next version beside
it and swap it in without stopping a running server.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import KGError
from .remote import Endpoints, RemoteStore, is_url


def open_store(location, *, update_url: str | None = None, gsp_url: str | None = None):
    """A pyoxigraph Store for a directory, a RemoteStore for an http(s) SPARQL endpoint URL."""
    if is_url(str(location)):
        return RemoteStore(Endpoints.guess(str(location), update_url, gsp_url))
    return open_local(Path(location))


def current_version(path: Path) -> Path:
    """The directory a store path points at now (builds swap a symlink; see kg.build.write)."""
    return Path(path).resolve()


def open_local(path: Path = config.STORE_DIR, *, read_only: bool = True) -> ox.Store:
    version = current_version(path)
    if not (version / "CURRENT").exists():
        raise KGError(f"no store at {path}: run `kg build` first", status=503)
    try:  # open the resolved version, so a later swap of the link cannot pull files from under us
        return ox.Store.read_only(str(version)) if read_only else ox.Store(str(version))
    except OSError as e:
        raise KGError(f"cannot open the store at {path}: {e}", status=503) from None

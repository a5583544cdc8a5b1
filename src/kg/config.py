"""Where things live and which IRIs they get.

Everything is overridable by environment variables so that tests, CI and deployments can point the
same code at other directories or another base IRI.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project checkout (ontology/, data/, shapes/, queries/ live here). The package is installed
#: in editable mode, so the source tree is two levels above this file.
HOME = Path(os.environ.get("KG_HOME", Path(__file__).resolve().parents[2]))

ONTOLOGY_DIR = HOME / "ontology"
DATA_DIR = HOME / "data"
SHAPES_DIR = HOME / "shapes"
QUERIES_DIR = HOME / "queries"
EXAMPLES_DIR = HOME / "examples"
WEB_DIR = HOME / "web"

#: The IRI base the Turtle files are written with. `kg build --base` rewrites it.
CANONICAL_BASE = "https://w3id.org/gebiedsontwikkeling"
BASE = os.environ.get("KG_BASE", CANONICAL_BASE).rstrip("/")

#: Default on-disk store location.
STORE_DIR = Path(os.environ.get("KG_STORE", HOME / "var" / "store"))

#: The five source texts (read-only, beside the checkout). Used for citation checks and for
#: showing cited passages in the browser.
SOURCES_DIR = Path(os.environ.get("KG_SOURCES", HOME.parent / "shared" / "seeds"))


def ns(base: str = BASE) -> dict[str, str]:
    """The project's namespaces for a given base IRI."""
    return {
        "go": f"{base}/def/",
        "id": f"{base}/id/",
        "passage": f"{base}/id/passage/",
        "bron": f"{base}/id/bron/",
    }

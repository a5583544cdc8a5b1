"""`kg build` while `kg serve` runs: the server keeps answering and then serves the new version."""

import json
import subprocess
import sys
import urllib.parse
import urllib.request

from conftest import free_port, kg, wait_for
from fixtures_data import GOOD

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?k a <https://w3id.org/gebiedsontwikkeling/def/Koppelkans> }"
EXTRA = GOOD.replace("koppelkans:test ", "koppelkans:test2 ").replace('"NHV en KRW"@nl', '"NHV en KRW (2)"@nl')


def koppelkansen(url: str) -> int:
    with urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": COUNT}), timeout=30) as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])


def test_rebuild_is_picked_up_without_restart(mini_home, tmp_path):
    store = str(tmp_path / "store")
    env = {"KG_HOME": str(mini_home)}
    (mini_home / "data" / "a.ttl").write_text(GOOD)
    kg("build", "--store", store, "--no-reason", env=env, check=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", store, "--port", str(port)],
                            env={**__import__("os").environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/api/queries")
        assert koppelkansen(url) == 1
        (mini_home / "data" / "b.ttl").write_text(EXTRA)
        kg("build", "--store", store, "--no-reason", env=env, check=True)
        assert koppelkansen(url) == 2
        # a failed build changes nothing
        (mini_home / "data" / "c.ttl").write_text("this is not turtle")
        assert kg("build", "--store", store, "--no-reason", env=env).returncode == 2
        assert koppelkansen(url) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)

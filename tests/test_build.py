"""`kg build`: checks, determinism, error reporting, and safety of the previous store."""

import re

import pytest

from conftest import kg
from fixtures_data import BROKEN, GOOD, INCONSISTENT, SYNTAX_ERROR


def test_build_reports_class_counts(build_output):
    assert re.search(r"built \d+ quads from \d+ files", build_output)
    for cls in ("PolicyFramework", "Instrument", "Actor", "Koppelkans", "Target"):
        assert re.search(rf"^\s+{cls}\s+\d+$", build_output, re.M), cls


def test_hermit_reports_consistent(build_output):
    assert "OWL consistency" in build_output
    assert "HermiT" in build_output and "skipped" not in build_output


def home_with(mini_home, text):
    (mini_home / "data" / "fixture.ttl").write_text(text)
    return {"KG_HOME": str(mini_home)}


def test_mini_graph_builds(mini_home, tmp_path):
    result = kg("build", "--store", str(tmp_path / "s"), env=home_with(mini_home, GOOD))
    assert result.returncode == 0, result.stderr
    assert re.search(r"Koppelkans\s+1$", result.stdout, re.M)


def test_integrity_shapes_catch_broken_fixture(mini_home, tmp_path):
    result = kg("build", "--store", str(tmp_path / "s"), env=home_with(mini_home, BROKEN))
    assert result.returncode == 2
    err = result.stderr
    assert "integrity check failed" in err
    assert "koppelkans/half: connects fewer than two things" in err
    assert "kader/naamloos: has no Dutch skos:prefLabel" in err
    assert "kader/naamloos: has no prov:wasDerivedFrom" in err
    assert "kader/bestaat-niet: is used but never described" in err
    assert "kader/tracé: IRI has characters outside ASCII" in err
    assert "Traceback" not in err


def test_hermit_catches_inconsistency(mini_home, tmp_path):
    result = kg("build", "--store", str(tmp_path / "s"), env=home_with(mini_home, INCONSISTENT))
    assert result.returncode == 2
    assert "HermiT finds the ontology and data inconsistent" in result.stderr


def test_syntax_error_names_file_line_and_column(mini_home, tmp_path):
    result = kg("build", "--store", str(tmp_path / "s"), env=home_with(mini_home, SYNTAX_ERROR))
    assert result.returncode == 2
    assert re.search(r"data/fixture\.ttl: .*line 17 between columns \d+ and \d+", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_failed_build_leaves_previous_store_usable(mini_home, tmp_path):
    store = str(tmp_path / "s")
    env = home_with(mini_home, GOOD)
    assert kg("build", "--store", store, env=env).returncode == 0
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = kg("query", count, "--store", store, "--format", "csv", env=env).stdout
    assert kg("build", "--store", store, env=home_with(mini_home, BROKEN)).returncode == 2
    after = kg("query", count, "--store", store, "--format", "csv", env=env)
    assert after.returncode == 0 and after.stdout == before


def test_build_is_deterministic(built_store, tmp_path):
    second = tmp_path / "again"
    kg("build", "--store", str(second), "--no-reason", check=True)
    one = kg("export", "--store", str(built_store), "--format", "nquads", check=True).stdout
    two = kg("export", "--store", str(second), "--format", "nquads", check=True).stdout
    assert len(one) > 100_000
    assert one == two


def test_base_iri_is_configurable(mini_home, tmp_path):
    store = str(tmp_path / "s")
    env = home_with(mini_home, GOOD)
    assert kg("build", "--store", store, "--base", "https://data.example.org/go", env=env).returncode == 0
    out = kg("query", "SELECT ?s WHERE { ?s a <https://data.example.org/go/def/Koppelkans> }",
             "--store", store, "--format", "csv", env=env).stdout
    assert "https://data.example.org/go/id/koppelkans/test" in out


def test_passages_get_document_lines_and_section(mini_home, tmp_path):
    store = str(tmp_path / "s")
    env = home_with(mini_home, GOOD)
    kg("build", "--store", store, env=env, check=True)
    q = """PREFIX go: <https://w3id.org/gebiedsontwikkeling/def/>
    SELECT ?start ?end ?section WHERE { <https://w3id.org/gebiedsontwikkeling/id/passage/002-283-290>
      go:startLine ?start ; go:endLine ?end ; go:inSection ?section }"""
    out = kg("query", q, "--store", store, "--format", "csv", env=env).stdout
    assert "283,290,https://w3id.org/gebiedsontwikkeling/id/bron/002-s-2" in out

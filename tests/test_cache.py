"""The per-version answer cache (kg.web.cache): bounded, dropped on a new version, never keeps errors.

Its effect through HTTP (ETag/304, answers after a rebuild or an admin write) is tested in
test_linked_data, test_rebuild_while_serving and test_admin.
"""

import pytest

from kg.web.cache import VersionedCache


def counting():
    calls = []

    def compute(value):
        def run():
            calls.append(value)
            return value
        return run
    return calls, compute


def test_same_version_computes_once_and_new_version_recomputes():
    cache, (calls, compute) = VersionedCache(1000), counting()
    assert cache.get("v1", "q", compute("a"), len) == "a"
    assert cache.get("v1", "q", compute("b"), len) == "a"      # kept for v1
    assert cache.get("v2", "q", compute("c"), len) == "c"      # a new store version starts empty
    assert calls == ["a", "c"] and cache.stats()["hits"] == 1


def test_least_recently_used_goes_first_when_full():
    cache, (calls, compute) = VersionedCache(800), counting()   # entries up to 100 bytes each
    for key in "abcdefgh":
        cache.get("v", key, compute(key * 100), len)
    cache.get("v", "a", compute("x"), len)                       # touch a: now b is the oldest
    cache.get("v", "i", compute("i" * 100), len)
    assert cache.stats()["bytes"] <= 800
    assert cache.get("v", "a", compute("new"), len) == "a" * 100
    assert cache.get("v", "b", compute("new"), len) == "new"


def test_large_answers_and_errors_are_not_kept():
    cache, (calls, compute) = VersionedCache(800), counting()
    cache.get("v", "big", compute("x" * 101), len)
    cache.get("v", "big", compute("x" * 101), len)
    assert len(calls) == 2

    def failing():
        raise RuntimeError("time limit")
    for _ in range(2):
        with pytest.raises(RuntimeError):
            cache.get("v", "bad", failing, len)
    assert cache.stats()["entries"] == 0


def test_no_version_or_no_budget_means_no_cache():
    for cache, version in ((VersionedCache(1000), None), (VersionedCache(0), "v")):
        calls, compute = counting()
        cache.get(version, "q", compute("a"), len)
        cache.get(version, "q", compute("a"), len)
        assert calls == ["a", "a"]

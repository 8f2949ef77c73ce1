"""bot/bounded.py: what the service remembers per conversation or user stays bounded."""

from __future__ import annotations

from bot.bounded import LruDict


def test_only_the_most_recently_used_entries_are_kept():
    cache: LruDict[str, int] = LruDict(3)
    for n in range(3):
        cache[f"k{n}"] = n
    assert cache.get("k0") == 0  # used: now the most recent
    cache["k3"] = 3
    assert list(cache) == ["k2", "k0", "k3"]
    assert "k1" not in cache and cache.get("k1", "none") == "none"
    for n in range(100):
        cache[f"x{n}"] = n
    assert len(cache) == 3 and list(cache) == ["x97", "x98", "x99"]

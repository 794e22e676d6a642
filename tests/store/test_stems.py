"""Index terms: the stemmer is safe to use from many threads (the API's read threads do)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from lagebild.store.stems import stem


def test_stems_threads_do_not_corrupt_each_others_words() -> None:
    # regression: one shared Snowball stemmer raised IndexError under concurrent searches
    words = [f"{w}{i}" for i in range(400) for w in ("Gesprächen", "Außenministers", "Verhandlungen")]
    expected = [stem.__wrapped__(w) for w in words]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: [stem.__wrapped__(w) for w in words], range(8)))
    assert all(r == expected for r in results)

from django.core.cache import cache

from modellkommune.core.ratelimit import rate_limit_exceeded


def test_fixed_window_counts_per_scope_and_key():
    hits = [rate_limit_exceeded(scope="t", key="a@example.org", limit=3, window_seconds=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]
    assert not rate_limit_exceeded(scope="t", key="b@example.org", limit=3, window_seconds=60)
    assert not rate_limit_exceeded(scope="other", key="a@example.org", limit=3, window_seconds=60)
    assert rate_limit_exceeded(scope="t", key=" A@Example.org ", limit=3, window_seconds=60), "keys are normalised"


def test_cache_keys_do_not_contain_the_address():
    rate_limit_exceeded(scope="t", key="geheim@example.org", limit=1, window_seconds=60)
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("geheim" in str(k) for k in keys)

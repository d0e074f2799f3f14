from django.core.cache import cache
from django.test import RequestFactory

from services import ratelimit


def test_a_client_is_stopped_after_its_allowance_and_others_are_not():
    cache.clear()
    limit = ratelimit.Limit("test", max_requests=3, window_seconds=60)
    one = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    other = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert [ratelimit.hit(one, limit) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit(other, limit)
    assert ratelimit.hit(one, ratelimit.Limit("other-purpose", 3, 60))

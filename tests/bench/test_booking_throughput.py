"""`make bench`: the concurrent booking run of tests/training/test_training_bookings.py,
timed — 100 bookings released at once at a 30-seat session (40 database
connections in flight), each a whole request (pipeline + seat under the
session's row lock). Prints throughput and latency; asserts only that the
run was correct."""

import statistics
import time

import pytest

from services.models.request_details import Seat
from tests.bench.loadgen import percentile
from tests.trainings import WORKERS, booking_for, committed_training, in_parallel

BOOKINGS = 100
CAPACITY = 30


@pytest.fixture(scope="module")
def session(django_db_setup, django_db_blocker):
    with committed_training(django_db_blocker, capacity=CAPACITY) as sessions:
        yield sessions[0]


@pytest.mark.django_db
def test_concurrent_booking_throughput(session):
    latencies = []

    def timed(n):
        started = time.perf_counter()
        booking = booking_for(session, n)
        latencies.append(time.perf_counter() - started)
        return booking

    started = time.perf_counter()
    results, errors = in_parallel([lambda n=n: timed(n) for n in range(BOOKINGS)])
    elapsed = time.perf_counter() - started
    assert errors == []
    assert sum(b.seat == Seat.CONFIRMED for b in results) == CAPACITY

    ms = sorted(v * 1000 for v in latencies)
    print()
    print(f"교육 신청 {BOOKINGS}건 동시 (정원 {CAPACITY}석, 연결 {WORKERS}개): "
          f"{BOOKINGS / elapsed:.0f} bookings/s, {elapsed:.2f} s in all")
    print(f"  per booking: p50 {percentile(ms, 50):.1f} ms   p99 {percentile(ms, 99):.1f} ms   "
          f"mean {statistics.mean(ms):.1f} ms (waiting for the session's lock included)")
    print(f"  result: {CAPACITY} confirmed, {BOOKINGS - CAPACITY} waiting, 0 errors")

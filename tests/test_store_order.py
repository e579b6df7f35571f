"""A run's batches store in the order they were leased, however their work finishes."""

import threading
import time

import pytest

from flows.stages import StoreOrder


def _store_all(order: StoreOrder, batches: int, skip: frozenset[int] = frozenset()) -> tuple[list[int], list[int]]:
    """Batches in threads of their own, each leasing the next of ``batches`` articles; the sooner a
    batch leases, the longer its "extraction" takes. Returns the leased articles in the order stored,
    and the batches' places."""
    articles = iter(range(batches))
    stored: list[int] = []
    places: list[int] = []

    def batch() -> None:
        place, article = order.lease(lambda: next(articles))
        places.append(place)
        try:
            if article in skip:
                return  # failed before storing
            time.sleep(0.05 * (batches - article))  # the later batches are ready first
            order.wait(place)
            stored.append(article)
        finally:
            order.done(place)

    threads = [threading.Thread(target=batch) for _ in range(batches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return stored, places


def test_batches_store_in_the_order_they_leased_whichever_is_ready_first():
    stored, places = _store_all(StoreOrder(wait_seconds=10), 6)
    assert stored == [0, 1, 2, 3, 4, 5] and sorted(places) == [0, 1, 2, 3, 4, 5]


def test_a_batch_that_stores_nothing_does_not_hold_up_the_next():
    assert _store_all(StoreOrder(wait_seconds=10), 5, skip=frozenset({1, 3}))[0] == [0, 2, 4]


def test_a_failed_lease_gives_up_its_place():
    order = StoreOrder(wait_seconds=10)

    def broken() -> int:
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        order.lease(broken)
    place, _ = order.lease(lambda: 1)
    began = time.perf_counter()
    order.wait(place)  # does not wait for the failed one
    assert place == 1 and time.perf_counter() - began < 1


def test_a_stuck_earlier_batch_holds_up_the_next_only_until_the_wait_runs_out(caplog):
    order = StoreOrder(wait_seconds=0.2)
    order.lease(lambda: None)  # place 0: never finishes
    place, _ = order.lease(lambda: None)
    began = time.perf_counter()
    order.wait(place)
    assert 0.2 <= time.perf_counter() - began < 5
    assert "a batch stores before an earlier one" in caplog.text

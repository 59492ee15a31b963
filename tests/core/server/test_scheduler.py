"""The scheduler alone: slots pass in arrival order, a full queue refuses, leaving frees."""

from __future__ import annotations

import asyncio

import pytest

from desktop.core.server.scheduler import QueueFull, Scheduler


def test_slots_pass_first_come_first_served_and_a_full_queue_refuses() -> None:
    async def scenario() -> None:
        scheduler = Scheduler(slots=1, max_queue=2)
        first = scheduler.enqueue()
        assert first.done() and scheduler.running == 1
        second, third = scheduler.enqueue(), scheduler.enqueue()
        assert scheduler.waiting == 2 and not second.done()
        with pytest.raises(QueueFull) as full:
            scheduler.enqueue()
        assert full.value.waiting == 2 and full.value.retry_after >= 1
        scheduler.release(held_seconds=4.0)
        assert second.done() and not third.done() and scheduler.running == 1
        scheduler.release(held_seconds=4.0)
        assert third.done()
        assert scheduler.retry_after(2) == 8.0  # two ahead at 4 s each, one slot
        scheduler.release()
        assert scheduler.running == 0 and scheduler.waiting == 0

    asyncio.run(scenario())


def test_leaving_the_queue_or_a_given_slot_frees_it() -> None:
    async def scenario() -> None:
        scheduler = Scheduler(slots=1, max_queue=4)
        running = scheduler.enqueue()
        leaving, staying = scheduler.enqueue(), scheduler.enqueue()
        scheduler.withdraw(leaving)
        assert leaving.cancelled() and scheduler.waiting == 1
        scheduler.release()
        assert staying.done()  # the one who left was skipped
        scheduler.withdraw(staying)  # given the slot, but gone before using it
        assert scheduler.running == 0
        assert scheduler.enqueue().done()
        del running

    asyncio.run(scenario())


def test_several_slots_run_at_once() -> None:
    async def scenario() -> None:
        scheduler = Scheduler(slots=3, max_queue=0)
        tickets = [scheduler.enqueue() for _ in range(3)]
        assert all(t.done() for t in tickets) and scheduler.running == 3
        with pytest.raises(QueueFull):
            scheduler.enqueue()

    asyncio.run(scenario())

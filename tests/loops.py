"""Event loops in tests that share a process with browser tests."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_on_own_thread(coroutine):
    """``asyncio.run`` on a thread of its own. Playwright's sync API (the browser tests) leaves its event
    loop marked as running on the main thread, where asyncio would refuse to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

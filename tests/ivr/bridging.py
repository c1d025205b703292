"""Conversations through the line's bridge, for the tests: tones each side speaks, and how to tell them."""

import asyncio
import math
import struct

from court12368.hotline import queue
from court12368.hotline.models import QueuedCall
from tests.ivr.sipphone import Phone


async def until(condition, timeout=10.0, db=False):
    for _ in range(int(timeout / 0.05)):
        if (await asyncio.to_thread(condition)) if db else condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition never met")


def frame(frequency: float, amplitude: int = 8000) -> bytes:
    """One 20 ms frame of a sine tone, 16-bit linear."""
    return b"".join(
        struct.pack("<h", int(amplitude * math.sin(2 * math.pi * frequency * n / 8000))) for n in range(160)
    )


def loudness_at(pcm: bytes, frequency: float) -> float:
    """How much of ``frequency`` is in ``pcm`` (the Goertzel power, normalised per sample)."""
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm[: len(pcm) // 2 * 2])
    coefficient = 2 * math.cos(2 * math.pi * frequency / 8000)
    before = earlier = 0.0
    for sample in samples:
        before, earlier = sample + coefficient * before - earlier, before
    return math.sqrt(max(0.0, before**2 + earlier**2 - coefficient * before * earlier)) / max(1, len(samples))


async def answered_from_the_queue(phone, engine, agent):
    assert await phone.dial() == 200
    await until(lambda: len(engine.said) >= 2)
    phone.key("0")
    await until(lambda: QueuedCall.objects.filter(answered_at__isnull=True).exists(), db=True)
    queued = await asyncio.to_thread(QueuedCall.objects.get)
    await asyncio.to_thread(queue.answer, queued, agent)
    return queued


async def converse(caller: Phone, staff: Phone, seconds=1.0):
    """Both sides speak at once, each its own tone, paced as phones send."""
    for n in range(int(seconds / 0.02)):
        caller.speak(frame(400), 1, sequence=1000 + n)
        staff.speak(frame(1000), 1, sequence=2000 + n)
        await asyncio.sleep(0.02)

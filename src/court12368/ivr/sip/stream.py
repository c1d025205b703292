"""SIP over TCP (RFC 3261 §18.3): the same messages as over UDP, framed by Content-Length on a stream.

Each connection's messages go to the server exactly as datagrams would (``SipServer.datagram_received``),
with the connection's peer as the source; what the server sends to that peer goes back on the connection
(``SipServer.send``). A phone that registered over TCP is called on its connection. A connection that
sends more than one message's worth without a blank line, a bad Content-Length, or nothing for
IDLE_SECONDS (phones and SBCs send CRLF keep-alives) is closed.
"""

import asyncio
import contextlib
import logging

from court12368.ivr.sip.message import MAX_SIZE

log = logging.getLogger(__name__)
IDLE_SECONDS = 600


async def serve_tcp(server, host: str, port: int) -> asyncio.Server:
    """Listen for SIP over TCP on ``port`` beside the server's UDP socket."""

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = tuple(writer.get_extra_info("peername")[:2])
        server.streams[peer] = writer
        try:
            while True:
                message = await asyncio.wait_for(_next_message(reader), IDLE_SECONDS)
                if message is None:
                    return
                server.datagram_received(message, peer)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        except ValueError as error:
            log.info("SIP over TCP from %s:%s closed: %s", *peer, error)
        finally:
            if server.streams.get(peer) is writer:
                del server.streams[peer]
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    return await asyncio.start_server(connected, host, port, limit=MAX_SIZE)


async def _next_message(reader: asyncio.StreamReader) -> bytes | None:
    """One message off the stream (keep-alive CRLFs skipped), or None when the peer closed it."""
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as ended:
            if ended.partial.strip():
                raise ValueError("the stream ended inside a message") from ended
            return None
        except asyncio.LimitOverrunError as error:
            raise ValueError("headers longer than a message may be") from error
        head = head.lstrip(b"\r\n")  # a keep-alive CRLF before the message
        if head:
            break
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() in (b"content-length", b"l"):
            if not value.strip().isdigit():
                raise ValueError("bad Content-Length")
            length = int(value.strip())
    if len(head) + length > MAX_SIZE:
        raise ValueError("message too large")
    return head + (await reader.readexactly(length) if length else b"")

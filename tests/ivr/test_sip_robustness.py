"""The SIP side under bad input: malformed datagrams get a 400 or are dropped, and the line stays up."""

import asyncio
import logging
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from court12368.ivr.sip import sdp
from court12368.ivr.sip.message import SipError, parse
from court12368.ivr.sip.server import SipServer

OPTIONS = (
    b"OPTIONS sip:12368@127.0.0.1 SIP/2.0\r\n"
    b"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKx1\r\n"
    b"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:12368@127.0.0.1>\r\n"
    b"Call-ID: probe@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
)


def test_a_request_with_compact_headers_and_folding_parses():
    message = parse(
        b"INFO sip:12368@h SIP/2.0\r\nv: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
        b"f: <sip:a@h>;tag=1\r\nt: <sip:b@h>\r\ni: x@y\r\nCSeq: 2\r\n INFO\r\n"
        b"c: application/dtmf\r\nl: 1\r\n\r\n5"
    )
    assert message.method == "INFO" and len(message.all("Via")) == 2 and message.cseq == (2, "INFO")
    assert message.body == b"5" and message.get("Content-Type") == "application/dtmf"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"hello", "not a SIP request or status line"),
        (OPTIONS.replace(b"Call-ID: probe@test\r\n", b""), "no Call-ID header"),
        (OPTIONS.replace(b"CSeq: 1 OPTIONS", b"CSeq: x OPTIONS"), "bad CSeq"),
        (OPTIONS.replace(b"CSeq: 1 OPTIONS", b"CSeq: 1 INVITE"), "bad CSeq"),
        (OPTIONS.replace(b"Content-Length: 0", b"Content-Length: 99"), "bad Content-Length"),
        (OPTIONS.replace(b"From:", b"Fr om:"), "malformed header line"),
        (b"\xff\xfe" + OPTIONS, "not UTF-8"),
        (OPTIONS + b"x" * 70_000, "too large"),
    ],
)
def test_malformed_messages_are_refused_with_a_reason(data, reason):
    with pytest.raises(SipError, match=reason):
        parse(data)


def test_sdp_offers_are_checked():
    offer = sdp.parse_offer(
        b"v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 9 8 0 96\r\na=rtpmap:96 telephone-event/8000\r\n"
    )
    assert (offer.address, offer.port, offer.codec, offer.dtmf) == ("10.0.0.1", 4000, 8, 96)
    answer = sdp.answer(offer, address="10.0.0.2", port=5000).decode()
    assert "m=audio 5000 RTP/AVP 8 96" in answer and "a=rtpmap:8 PCMA/8000" in answer
    for bad in [
        b"v=0\r\nc=IN IP4 1.2.3.4\r\n",
        b"c=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n",
        b"m=audio 4000 RTP/AVP 0\r\n",
    ]:
        with pytest.raises(sdp.SdpError):
            sdp.parse_offer(bad)


class Line:
    """The SIP server on a loopback port, with a client socket to poke it."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        # The loop runs on a thread of its own (tests/loops.py): browser tests mark theirs running here.
        self.thread = ThreadPoolExecutor(1)

        async def no_calls(dialog, user, caller):
            return 404

        self.transport, self.server = self.run(
            self.loop.create_datagram_endpoint(
                lambda: SipServer(no_calls, host="127.0.0.1"), local_addr=("127.0.0.1", 0)
            )
        )
        self.errors: list[logging.LogRecord] = []  # an exception inside the handler is a bug
        handler = logging.Handler(logging.ERROR)
        handler.emit = self.errors.append
        logging.getLogger("court12368.ivr.sip.server").addHandler(handler)
        self.client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.client.bind(("127.0.0.1", 0))
        self.client.settimeout(0.01)

    def exchange(self, data: bytes) -> bytes | None:
        self.client.sendto(data, ("127.0.0.1", self.server.port))
        for _ in range(20):
            self.run(asyncio.sleep(0.005))
            try:
                return self.client.recv(65536)
            except TimeoutError:
                continue
        return None

    def still_answering(self) -> bool:
        """Send OPTIONS and skip any other replies (to the fuzz case) until its 200 comes back."""
        self.client.sendto(OPTIONS, ("127.0.0.1", self.server.port))
        for _ in range(40):
            self.run(asyncio.sleep(0.005))
            try:
                reply = self.client.recv(65536)
            except TimeoutError:
                continue
            if reply.startswith(b"SIP/2.0 200") and b"probe@test" in reply:
                return True
        return False

    def run(self, coroutine):
        return self.thread.submit(self.loop.run_until_complete, coroutine).result()

    def close(self):
        self.transport.close()
        self.run(asyncio.sleep(0))
        self.thread.submit(self.loop.close).result()
        self.thread.shutdown()
        self.client.close()


@pytest.fixture(scope="module")
def line():
    line = Line()
    yield line
    line.close()


def test_a_request_missing_headers_gets_400_and_garbage_gets_nothing(line):
    reply = line.exchange(OPTIONS.replace(b"CSeq: 1 OPTIONS\r\n", b""))
    assert reply.startswith(b"SIP/2.0 400 Bad Request (no CSeq header)")
    assert line.exchange(b"\x00\x01 not sip at all") is None
    assert line.exchange(OPTIONS).startswith(b"SIP/2.0 200 OK")


def test_unknown_methods_and_dialogs_get_proper_answers(line):
    assert line.exchange(OPTIONS.replace(b"OPTIONS", b"MESSAGE")).startswith(b"SIP/2.0 501 Not Implemented")
    bye = OPTIONS.replace(b"OPTIONS", b"BYE")
    assert line.exchange(bye).startswith(b"SIP/2.0 481")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(
            lambda cut, junk: OPTIONS[:cut] + junk + OPTIONS[cut:],
            st.integers(0, len(OPTIONS)),
            st.binary(max_size=40),
        ),
        st.text(alphabet='INVITE SIP/2.0:;<>@\r\n,"=0123456789abcdef', max_size=400).map(str.encode),
    )
)
def test_fuzzed_datagrams_never_take_the_line_down(line, data):
    line.client.sendto(data, ("127.0.0.1", line.server.port))
    assert line.still_answering()
    assert not line.errors, line.errors[0].getMessage()


def test_sip_over_tcp_is_framed_by_content_length_and_a_bad_stream_is_closed():
    """RFC 3261 §18.3: keep-alives skipped, two messages in one write answered in turn, a Content-Length
    beyond a message's size closes the connection (and only it)."""
    from court12368.ivr.sip.stream import serve_tcp
    from tests.loops import run_on_own_thread

    async def main():
        loop = asyncio.get_running_loop()
        _transport, server = await loop.create_datagram_endpoint(
            lambda: SipServer(lambda *a: 404, host="127.0.0.1"), local_addr=("127.0.0.1", 0)
        )
        server.tcp = await serve_tcp(server, "127.0.0.1", server.port)
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            second = OPTIONS.replace(b"CSeq: 1", b"CSeq: 2").replace(b"UDP", b"TCP")
            writer.write(b"\r\n\r\n" + OPTIONS.replace(b"UDP", b"TCP") + second)
            answers = [await reader.readuntil(b"\r\n\r\n") for _ in range(2)]
            writer.write(OPTIONS.replace(b"Content-Length: 0", b"Content-Length: 999999"))
            closed = await asyncio.wait_for(reader.read(), 5)
            again_reader, again = await asyncio.open_connection("127.0.0.1", server.port)
            again.write(OPTIONS)
            still = await asyncio.wait_for(again_reader.readuntil(b"\r\n\r\n"), 5)
            again.close()
            return answers, closed, still
        finally:
            server.transport.close()

    answers, closed, still = run_on_own_thread(main())
    assert [a.split(b"\r\n")[0] for a in answers] == [b"SIP/2.0 200 OK"] * 2
    assert b"CSeq: 1 OPTIONS" in answers[0] and b"CSeq: 2 OPTIONS" in answers[1]
    assert closed == b"" and still.startswith(b"SIP/2.0 200 OK")

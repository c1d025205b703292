"""Where the voice line sends its RTP (issue 20, finding 13): never to the SDP of an unconfirmed INVITE
(the line would reflect audio at anyone a forger names), and once the caller's audio arrives, only to
where it comes from (symmetric RTP), with other sources ignored."""

import asyncio
import struct

import pytest

from court12368.ivr.sip import server as sip_server
from court12368.ivr.sip.server import SipServer
from tests.ivr.sipphone import Phone
from tests.loops import run_on_own_thread


class Listener(asyncio.DatagramProtocol):
    """A UDP socket that only counts what reaches it: the victim a forged SDP names, or a third party."""

    def __init__(self):
        self.packets: list[bytes] = []

    def datagram_received(self, data, addr):
        self.packets.append(data)


class Session:
    """The call behind the dialog: it only notes keys; the stream sends silence while it runs."""

    def __init__(self):
        self.keys: list[str] = []
        self.media = None

    def on_key(self, key):
        self.keys.append(key)

    async def run(self):
        await asyncio.Event().wait()


def on_the_line(script):
    """Run our SIP server, a phone and two listening sockets in one loop; ``script(phone, server, a, b)``."""

    async def main():
        sessions = []

        async def new_session(dialog, user, caller):
            sessions.append(Session())
            return sessions[-1]

        loop = asyncio.get_running_loop()
        transport, server = await loop.create_datagram_endpoint(
            lambda: SipServer(new_session, host="127.0.0.1"), local_addr=("127.0.0.1", 0)
        )
        phone = Phone(("127.0.0.1", server.port))
        await phone.open()
        sockets = [await loop.create_datagram_endpoint(Listener, local_addr=("127.0.0.1", 0)) for _ in "ab"]
        try:
            return await script(phone, server, sessions, *sockets)
        finally:
            phone.close()
            for socket, _listener in sockets:
                socket.close()
            for dialog in list(server.dialogs.values()):
                if dialog.task:
                    dialog.task.cancel()
                server._forget(dialog)
            transport.close()
            await asyncio.sleep(0.05)

    return run_on_own_thread(main())


def port_of(socket) -> int:
    return socket.get_extra_info("sockname")[1]


def audio_packet(sequence: int, codec: int = 0) -> bytes:
    return struct.pack("!BBHII", 0x80, codec, sequence, sequence * 160, 0x5151) + b"\xff" * 160


def key_packet(key: str, timestamp: int) -> bytes:
    payload = struct.pack("!BBH", "0123456789*#".index(key), 0x80 | 10, 800)
    return struct.pack("!BBHII", 0x80, 101, 7, timestamp, 0x5151) + payload


async def until(condition, timeout=3.0):
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


@pytest.fixture
def short_timer_b(monkeypatch):
    """RFC 3261's 32 s before an unacknowledged call is given up, shortened for the test."""
    monkeypatch.setattr(sip_server, "TIMER_B", 2.0)


def test_an_invite_never_acknowledged_sends_no_rtp_to_the_address_in_its_sdp(short_timer_b):
    async def script(phone, server, sessions, victim, _other):
        assert await phone.dial(sdp_port=port_of(victim[0]), ack=False) == 200
        assert await phone.answer_requests() == ["BYE"]  # after timer B the line gives the call up
        await until(lambda: not server.dialogs)
        await asyncio.sleep(0.3)
        return victim[1].packets, sessions

    packets, sessions = on_the_line(script)
    assert packets == [] and len(sessions) == 1


def test_an_ack_without_our_tag_does_not_start_the_media(short_timer_b):
    """A forger who spoofs the INVITE's source never sees our 200 OK, so cannot know its To tag."""

    async def script(phone, server, sessions, victim, _other):
        assert await phone.dial(sdp_port=port_of(victim[0]), ack=False) == 200
        phone.request("ACK", phone.uri, to_tag_header=f"<{phone.uri}>")  # sent blind: no tag
        phone.request("ACK", phone.uri, to_tag_header=f"<{phone.uri}>;tag=0123456789ab")  # a guessed one
        assert await phone.answer_requests() == ["BYE"]
        await until(lambda: not server.dialogs)
        return victim[1].packets

    assert on_the_line(script) == []


def test_once_the_ack_arrives_rtp_flows_to_the_address_in_the_sdp():
    async def script(phone, server, sessions, sdp_target, _other):
        assert await phone.dial(sdp_port=port_of(sdp_target[0])) == 200
        await until(lambda: len(sdp_target[1].packets) >= 10)
        return sdp_target[1].packets

    packets = on_the_line(script)
    assert all(packet[0] >> 6 == 2 and packet[1] & 0x7F == 0 for packet in packets)  # G.711 µ-law RTP


def test_the_line_latches_to_where_the_callers_rtp_comes_from_not_the_sdp_address():
    """A phone behind NAT names its private address in the SDP; its audio comes from the NAT's."""

    async def script(phone, server, sessions, sdp_target, _other):
        assert await phone.dial(sdp_port=port_of(sdp_target[0])) == 200
        await until(lambda: len(sdp_target[1].packets) >= 3)  # until the caller speaks: the SDP address
        assert not phone.audio
        phone.rtp.sendto(audio_packet(1), phone.remote_rtp)
        await until(lambda: phone.audio)
        before = len(sdp_target[1].packets)
        await asyncio.sleep(0.5)
        return before, len(sdp_target[1].packets), len(phone.audio) // 320

    before, after, heard = on_the_line(script)
    assert after <= before + 1  # at most one packet already on its way when the caller's arrived
    assert heard >= 20  # half a second of 20 ms packets, now to the caller's RTP source


def test_rtp_from_a_third_address_is_ignored_once_latched():
    """Nobody else can take the stream over, nor key digits into the call, nor be recorded."""

    async def script(phone, server, sessions, third, _other):
        assert await phone.dial() == 200
        phone.rtp.sendto(audio_packet(1), phone.remote_rtp)
        phone.key("5")  # the caller's own key counts
        await until(lambda: sessions[0].keys == ["5"])
        for n in range(10):
            third[0].sendto(audio_packet(100 + n), phone.remote_rtp)
        third[0].sendto(key_packet("9", 99_000), phone.remote_rtp)
        await asyncio.sleep(0.5)
        heard_before = len(phone.audio)
        await asyncio.sleep(0.3)
        return third[1].packets, sessions[0].keys, len(phone.audio) > heard_before

    to_third, keys, caller_still_hears = on_the_line(script)
    assert to_third == [] and keys == ["5"] and caller_still_hears

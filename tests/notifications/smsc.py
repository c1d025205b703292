"""A small SMSC speaking SMPP 3.4 on a loopback socket, for the SMPP transport's and receiver's tests."""

import socket
import struct
import threading

from smpplib import smpp

BIND_TRANSMITTER, SUBMIT_SM, UNBIND = 0x00000002, 0x00000004, 0x00000006
RESPONSE = 0x80000000


class FakeSmsc(threading.Thread):
    """Accepts one session: answers bind, submit_sm (with message ids) and unbind; records submits."""

    def __init__(self, refuse_password: str = ""):
        super().__init__(daemon=True)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.submits, self.binds = [], []
        self.refuse_password = refuse_password

    def run(self):
        conn, _addr = self.server.accept()
        with conn:
            while True:
                header = self._read(conn, 16)
                if not header:
                    return
                length, command, _status, sequence = struct.unpack(">IIII", header)
                body = self._read(conn, length - 16)
                if command == BIND_TRANSMITTER:
                    self.binds.append(body)
                    refused = self.refuse_password and self.refuse_password.encode() in body
                    self._reply(conn, command, sequence, b"smsc\0", status=0x0E if refused else 0)
                elif command == SUBMIT_SM:
                    self.submits.append(smpp.parse_pdu(header + body, sequence=sequence))
                    self._reply(conn, command, sequence, f"msg-{len(self.submits)}\0".encode())
                elif command == UNBIND:
                    self._reply(conn, command, sequence, b"")
                    return

    @staticmethod
    def _read(conn, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                return b""
            data += chunk
        return data

    @staticmethod
    def _reply(conn, command: int, sequence: int, body: bytes, status: int = 0) -> None:
        conn.sendall(struct.pack(">IIII", 16 + len(body), command | RESPONSE, status, sequence) + body)

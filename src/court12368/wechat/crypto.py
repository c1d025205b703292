"""The official-account message protocol's signatures and its safe mode (微信公众平台《消息加解密说明》).

- Every callback carries ``signature`` = SHA-1 of the sorted concatenation of [token, timestamp, nonce];
  in safe mode ``msg_signature`` adds the ``Encrypt`` text to the list. Only the server that knows the
  token can make them.
- Safe mode: the AES key is the EncodingAESKey (43 characters) read as base64 with one ``=`` added
  (32 bytes); AES-256-CBC with the key's first 16 bytes as IV; PKCS#7 padding to a 32-byte block; the
  plaintext is 16 random bytes, the message's length (4 bytes, big-endian), the message (UTF-8 XML)
  and the AppID of the account it belongs to.

Pure: no Django, no database. The AES itself is the ``cryptography`` package's.
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # the protocol pads to 32 bytes, not AES's 16
RANDOM_PREFIX = 16


class CryptoError(ValueError):
    """An encrypted message that does not decrypt to the protocol's layout."""


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()  # noqa: S324 (the protocol's choice)


def signed(given: str, *parts: str) -> bool:
    return hmac.compare_digest(signature(*parts), (given or "").lower())


def aes_key(encoding_aes_key: str) -> bytes:
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as error:
        raise CryptoError("EncodingAESKey is not base64") from error
    if len(encoding_aes_key) != 43 or len(key) != 32:
        raise CryptoError("EncodingAESKey must be 43 characters (32 bytes)")
    return key


def _cipher(key: bytes) -> Cipher:
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def encrypt(message: str, *, encoding_aes_key: str, app_id: str, prefix: bytes | None = None) -> str:
    key = aes_key(encoding_aes_key)
    body = message.encode()
    prefix = prefix if prefix is not None else os.urandom(RANDOM_PREFIX)
    plain = prefix + struct.pack(">I", len(body)) + body + app_id.encode()
    padding = BLOCK - len(plain) % BLOCK
    plain += bytes([padding]) * padding
    encryptor = _cipher(key).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def decrypt(encrypted: str, *, encoding_aes_key: str) -> tuple[str, str]:
    """The message and the AppID it names. Raises CryptoError on anything that is not the layout."""
    key = aes_key(encoding_aes_key)
    try:
        data = base64.b64decode(encrypted, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CryptoError("Encrypt is not base64") from error
    if not data or len(data) % 16:
        raise CryptoError("Encrypt is not whole AES blocks")
    decryptor = _cipher(key).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    padding = plain[-1]
    if not 1 <= padding <= BLOCK or plain[-padding:] != bytes([padding]) * padding:
        raise CryptoError("bad padding (wrong EncodingAESKey?)")
    plain = plain[:-padding]
    if len(plain) < RANDOM_PREFIX + 4:
        raise CryptoError("too short")
    (length,) = struct.unpack(">I", plain[RANDOM_PREFIX : RANDOM_PREFIX + 4])
    start = RANDOM_PREFIX + 4
    if start + length > len(plain):
        raise CryptoError("length beyond the message")
    try:
        return plain[start : start + length].decode(), plain[start + length :].decode()
    except UnicodeDecodeError as error:
        raise CryptoError("not UTF-8") from error

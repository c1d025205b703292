"""Keyed hashes for secrets and personal numbers that must be matched but never stored in clear.

The key lives outside the database (the data dir, or COURT12368_HASH_KEY), so a stolen dump
cannot be brute-forced offline: service passwords are short enough to enumerate otherwise.
"""

import hashlib
import hmac
from functools import cache

from django.conf import settings


@cache
def _key() -> bytes:
    return str(settings.HASH_KEY).encode()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value``, separated by ``purpose`` so equal inputs differ across uses."""
    return hmac.new(_key(), f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


def key_fingerprint() -> str:
    """Tells whether two installations share the key, without revealing it (backups record it)."""
    return hmac.new(_key(), b"court12368 key fingerprint", hashlib.sha256).hexdigest()[:16]


def sip_ha1(user: str, realm: str, password: str) -> str:
    """RFC 2617's HA1 for SIP digest, MD5(user:realm:password): what a registrar must keep to check a phone's
    answer (ivr/sip/digest.py), bound to one realm, never the password itself."""
    return hashlib.md5(f"{user}:{realm}:{password}".encode(), usedforsecurity=False).hexdigest()

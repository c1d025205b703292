"""Which addresses may reach the voice line's servers (FastAGI, SIP): networks read from the settings."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def allowed_networks(entries, *, setting: str = "COURT12368_AGI_ALLOWED") -> list[Network]:
    """A list setting read; an entry that is not an address stops the start, never widens it."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{setting}: {entry.strip()!r} is not an IP address or network"
            ) from error
    return networks


def is_allowed(host: str, networks: list[Network]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # a dual-stack socket
        address = address.ipv4_mapped
    return any(address in network for network in networks)

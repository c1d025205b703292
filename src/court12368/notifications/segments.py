"""How a text is cut into SMS parts.

A text that fits the GSM 7-bit alphabet takes 160 characters in one SMS, 153 per part when
concatenated; anything else (Chinese) goes as UCS-2: 70 characters, 67 per concatenated part, the
rest of each part being the concatenation header. Characters outside the BMP take two UCS-2 units
and are never cut in half.
"""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")  # each takes an escape plus the character: 2 septets

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def _gsm7_units(ch: str) -> int:
    return 2 if ch in GSM7_EXTENDED else 1


def _ucs2_units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def split(text: str) -> list[str]:
    """The parts ``text`` is sent as; joined, they give ``text`` back."""
    if not text:
        return [""]
    units, single, part = (
        (_gsm7_units, GSM7_SINGLE, GSM7_PART) if is_gsm7(text) else (_ucs2_units, UCS2_SINGLE, UCS2_PART)
    )
    if sum(units(ch) for ch in text) <= single:
        return [text]
    parts, current, used = [], [], 0
    for ch in text:
        size = units(ch)
        if used + size > part:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += size
    parts.append("".join(current))
    return parts


def count(text: str) -> int:
    return len(split(text))

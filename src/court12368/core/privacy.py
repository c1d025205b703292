"""Masking of personal data in lists, logs and messages."""


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile; keep the area code and last 4 digits otherwise."""
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:3]}****{digits[-4:]}"
    return f"{digits[:-4][:4]}****{digits[-4:]}"


# Field names whose values the audit log never holds, and those whose digits it masks.
SECRET_WORDS = ("password", "token", "secret", "key", "digest")
NUMBER_WORDS = ("phone", "mobile", "number")


def for_the_record(name: str, value):
    """A field's value as the audit log keeps it: secrets left out, phone and ID numbers masked, objects
    by their key, everything else plain JSON."""
    if any(word in name for word in SECRET_WORDS):
        return "（不记录）"
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        value = value.pk
    elif isinstance(value, list | tuple | set) or hasattr(value, "all"):
        value = [getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)]
    elif value is not None and not isinstance(value, bool | int | float):
        value = str(value)
    if (
        isinstance(value, str)
        and any(word in name for word in NUMBER_WORDS)
        and value.replace("+", "").isdigit()
    ):
        value = mask_phone(value)
    return value

"""Masking of personal data in lists, logs and messages."""


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile; keep the area code and last 4 digits otherwise."""
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:3]}****{digits[-4:]}"
    return f"{digits[:-4][:4]}****{digits[-4:]}"

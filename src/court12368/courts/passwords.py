"""Staff password complexity (MLPS 2.0 level 3, 身份鉴别: passwords of sufficient complexity)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password: str, user=None) -> None:
        found = sum(
            (
                any(ch in string.ascii_lowercase for ch in password),
                any(ch in string.ascii_uppercase for ch in password),
                any(ch.isdigit() for ch in password),
                any(not ch.isascii() or not ch.isalnum() for ch in password),
            )
        )
        if found < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "The password must mix at least three of: lower-case letters, capitals, digits and other "
            "characters."
        )

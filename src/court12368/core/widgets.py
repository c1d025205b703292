"""Date inputs that a browser accepts in every language.

An ``<input type="date">`` takes its value only as ISO 8601 (``2026-12-07``); anything else and the
browser shows it blank. Django's ``DateInput`` writes the active language's first input format instead
(``2026/12/07`` in Chinese), so every preset date vanished from the Chinese pages. Every form here uses
:class:`IsoDateField` (or at least :class:`IsoDateInput`): the value is written in ISO in any language,
and ISO is read back first, whatever the language's own formats are.
"""

import datetime as dt

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ``YYYY-MM-DD``."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class IsoDateField(forms.DateField):
    """A date field rendered as :class:`IsoDateInput` that reads ISO dates in every language (and the
    language's own formats after that, for whatever a person types into a plain text box)."""

    widget = IsoDateInput

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return dt.datetime.strptime(value.strip(), ISO_DATE).date()
            except ValueError:
                pass
        return super().to_python(value)

"""Text from outside the platform, made safe to keep and to hand on.

``clean`` drops the characters nobody sees: right-to-left overrides and isolates, zero-width spaces and
joiners, byte-order marks (every Unicode "format" character) and control characters other than tab and
newline. Left in, they make a stored name or reply read differently from what it holds (an override
before "fdp.exe" makes it read "exe.pdf") and defeat searches and duplicate checks. Line and paragraph
separators become newlines. Every path that takes text from people (forms, API bodies, incoming SMS)
cleans it here, once, before anything is validated or stored.

``spreadsheet_safe`` is for the other direction: text written into an .xlsx or .csv file, which a
spreadsheet would otherwise run as a formula (``=HYPERLINK(...)`` in a caller's name).
"""

import unicodedata
from typing import Annotated

from django.utils.functional import Promise
from pydantic import BeforeValidator

LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\r": "\n"})
KEPT_CONTROLS = frozenset("\t\n")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").translate(LINE_BREAKS)
    return "".join(ch for ch in text if ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf"))


def clean_value(value):
    """``clean`` for a value that may not be text (an API body can hold anything): others pass as they are."""
    return clean(value) if isinstance(value, str) else value


# An API body's text field: ``name: Text = Field(..., max_length=50)``. Lengths are checked after cleaning.
Text = Annotated[str, BeforeValidator(clean_value)]


def clean_data(data):
    """A form's submitted data (a QueryDict or a dict) with every text value cleaned."""
    if data is None:
        return None
    if hasattr(data, "lists"):
        cleaned = data.copy()  # QueryDicts are immutable and may hold several values per name
        for name, values in data.lists():
            cleaned.setlist(name, [clean_value(v) for v in values])
        return cleaned
    return {name: clean_value(value) for name, value in data.items()}


class CleanInput:
    """Form mixin for forms that take text from people: every submitted value is cleaned before any field
    sees it, so required and length checks apply to what will be kept."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)


def spreadsheet_safe(value):
    """A value for a spreadsheet cell: text that a spreadsheet would read as a formula gets a leading
    apostrophe, so it stays text (OWASP's advice on CSV injection); numbers, dates and empty cells stay
    as they are, so figures remain figures."""
    if isinstance(value, Promise):
        value = str(value)  # a translated label
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

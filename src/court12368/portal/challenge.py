"""A question a person answers and a script does not bother to, asked after failed attempts.

It works offline (court networks reach no CAPTCHA service): a sum in Chinese numerals, with the
answer kept in the server-side session, never in the page.
"""

import secrets
import time

from django.utils.translation import gettext as _

NUMERALS = "零一二三四五六七八九十"
SESSION_KEY = "portal_challenge"
LIFETIME = 600  # seconds


def new(session) -> str:
    """A new question (e.g. "三加七等于几？"); the expected answer goes into the session."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SESSION_KEY] = {"answer": a + b, "until": time.time() + LIFETIME}
    return _("What is %(a)s plus %(b)s? (answer in digits)") % {"a": NUMERALS[a], "b": NUMERALS[b]}


def pending(session) -> bool:
    """Whether this session holds a question it was shown that may still be answered."""
    expected = session.get(SESSION_KEY)
    return bool(expected) and expected["until"] >= time.time()


def ask(session, form) -> str:
    """A new question for a page that shows ``form`` again: the answer to the previous question is
    emptied from the form, so the new question does not come with a stale answer already filled in."""
    if form.is_bound and form.data.get("challenge"):
        form.data = form.data.copy()
        form.data["challenge"] = ""
    return new(session)


def check(session, answer: str) -> bool:
    """True once for the right answer to the current question; a question can be answered only once."""
    expected = session.pop(SESSION_KEY, None)
    if not expected or expected["until"] < time.time():
        return False
    return answer.strip() == str(expected["answer"])

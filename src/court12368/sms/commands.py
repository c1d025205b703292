"""Reading an incoming SMS: commands in Chinese or their pinyin initials, else free text.

    CX 2026010501 / 查询 2026010501     case status by service password
    HF 123456 内容 / 回复 123456 内容     add to the work order with that short code
    PJ 123456 1 / 评价 123456 1          rate its handling: 1 satisfied, 2 basically, 3 not
    1 / 2 / 3                            rate the one order waiting for this number's rating
    TD / 退订                            no more SMS
    BZ / 帮助 / ?                        the list of commands

A message that starts like a command but does not fit it, or a lone unknown word, gets the help
text; anything else is a message for an agent.
"""

import re
import unicodedata
from dataclasses import dataclass

QUERY, ADD, RATE, UNSUBSCRIBE, HELP, FREE = "query", "add", "rate", "unsubscribe", "help", "free"

_KEYWORDS = {
    QUERY: ("CX", "查询", "查案"),
    ADD: ("HF", "回复", "补充"),
    RATE: ("PJ", "评价"),
    UNSUBSCRIBE: ("TD", "退订", "T"),
    HELP: ("BZ", "帮助", "HELP", "?", "？"),
}
_FORMS = {
    QUERY: re.compile(r"^(?P<password>\d{6,12})$"),
    ADD: re.compile(r"^(?P<code>\d{6})\s*(?P<text>\S.*)$", re.S),
    RATE: re.compile(r"^(?P<code>\d{6})\s*(?P<score>[123])$"),
}
_LONE_WORD = re.compile(r"^[A-Z0-9]{1,6}$")
MAX_LENGTH = 500


@dataclass(frozen=True)
class Command:
    name: str
    password: str = ""
    code: str = ""
    text: str = ""
    score: int = 0


def normalize(text: str) -> str:
    """Full-width letters and digits to ASCII (NFKC), ASCII letters upper-case, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    return re.sub(r"\s+", " ", folded)


def parse(text: str) -> Command:
    message = normalize(text)[:MAX_LENGTH]
    upper = message.upper()
    if upper in ("1", "2", "3"):
        return Command(RATE, score=int(upper))
    for name, words in _KEYWORDS.items():
        for word in words:
            if not upper.startswith(word):
                continue
            rest = message[len(word) :]
            if word.isascii() and word.isalpha() and rest[:1].isascii() and rest[:1].isalpha():
                continue  # "CXY..." is not "CX"; digits straight after are ("CX2026010501")
            rest = rest.strip(" :：,，")
            if name in (UNSUBSCRIBE, HELP):
                if rest:
                    break  # "TD something" is free text
                return Command(name)
            match = _FORMS[name].match(rest)
            if not match:
                return Command(HELP)
            fields = match.groupdict()
            return Command(
                name,
                password=fields.get("password", ""),
                code=fields.get("code", ""),
                text=fields.get("text", "").strip(),
                score=int(fields.get("score") or 0),
            )
    if _LONE_WORD.match(upper):
        return Command(HELP)
    return Command(FREE, text=message)

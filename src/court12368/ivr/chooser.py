"""The first menu of a line that answers for many courts, when the number dialled says no court (issue 25).

Pure, like machine.py: ``start()`` and ``digits(keys)``/``timeout()`` give actions; ``chosen`` holds the
court's id once the caller has picked one. Courts are grouped by telephone area code; a caller whose own
number carries one of those area codes goes straight to that area's courts. Keys may be typed ahead (the
adapter skips a prompt when keys are waiting): "1" then "3" picks the first area's third court.
"""

from dataclasses import dataclass, field

from court12368.ivr import dialled
from court12368.ivr.machine import MAX_SILENCES, Action, Ask, Hangup, Say, say
from court12368.ivr.speech import digits

PAGE = 8  # choices a prompt reads; 9 then reads the next ones, * goes back
WELCOME = "您好，这里是12368诉讼服务热线。"


@dataclass(frozen=True)
class Choice:
    court_id: int
    name: str
    area_code: str


def caller_area(caller: str, areas) -> str:
    """The area code a landline caller's number starts with (mobiles carry none)."""
    number = dialled.national(caller)
    return next((area for area in sorted(areas, key=len, reverse=True) if number.startswith(area)), "")


@dataclass
class Chooser:
    choices: list[Choice]
    caller: str = ""
    area: str = ""  # the area being chosen in; "" while choosing the area
    page: int = 0
    silences: int = 0
    chosen: int | None = None
    log: list[str] = field(default_factory=list)

    @property
    def areas(self) -> list[str]:
        return sorted({c.area_code for c in self.choices})

    def start(self) -> list[Action]:
        if len(self.areas) == 1:
            self.area = self.areas[0]
        else:
            self.area = caller_area(self.caller, self.areas)
        return [Say(WELCOME), self._prompt()]

    def digits(self, keys: str) -> list[Action]:
        self.silences = 0
        options = self._options()
        key = keys[:1]
        if key == "*":
            self.page = 0
            if len(self.areas) > 1:
                self.area = ""
            return [self._prompt()]
        if key == "9" and len(options) > PAGE * (self.page + 1):
            self.page += 1
            return [self._prompt()]
        index = int(key) - 1 + PAGE * self.page if key.isdigit() and key not in "09" else -1
        if not 0 <= index < len(options) or index >= PAGE * (self.page + 1):
            return [say("invalid"), self._prompt()]
        picked = options[index]
        self.page = 0
        if isinstance(picked, Choice):
            self.chosen = picked.court_id
            self.log.append(picked.name)
            return []
        self.area = picked
        return [self._prompt()]

    def timeout(self) -> list[Action]:
        self.silences += 1
        if self.silences > MAX_SILENCES:
            return [say("goodbye"), Hangup()]
        return [self._prompt()]

    def _options(self) -> list:
        if not self.area:
            return self.areas
        return [c for c in self.choices if c.area_code == self.area]

    def _prompt(self) -> Ask:
        options = self._options()
        shown = options[PAGE * self.page : PAGE * (self.page + 1)]
        spoken = "，".join(
            f"{o.name if isinstance(o, Choice) else '区号' + digits(o) + '的法院'}请按{n}"
            for n, o in enumerate(shown, start=1)
        )
        lead = "请选择法院" if self.area else "请选择法院所在地区"
        more = "，更多请按9" if len(options) > PAGE * (self.page + 1) else ""
        back = "，返回请按星号键" if self.area and len(self.areas) > 1 else ""
        return Ask(f"{lead}：{spoken}{more}{back}。")

"""The voice menu as a pure state machine: events in, actions out, no telephony and no database.

Events: ``start()``, ``digits(keys)`` (what the caller keyed for the last ``Ask``), ``timeout()`` (nothing
keyed), ``recorded(ref)`` (the message is recorded), ``hangup()``. Actions: ``Say`` (play), ``Ask`` (play
and collect keys), ``Record``, ``Transfer`` (to the agents' queue) and ``Hangup``. The adapters (SIP,
FastAGI) turn actions into audio and protocol; the case lookup and the voicemail are injected.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from court12368.ivr.menu import AGENT, ARTICLE, CASE_QUERY, SUBMENU, VOICEMAIL, Node, prompt_for


@dataclass(frozen=True)
class Say:
    text: str
    key: str = ""  # a static prompt a court may replace with its own recording


@dataclass(frozen=True)
class Ask:
    text: str
    max_digits: int = 1
    timeout: float = 8.0
    terminator: str = ""
    key: str = ""


@dataclass(frozen=True)
class Record:
    max_seconds: int = 120
    terminator: str = "#"


@dataclass(frozen=True)
class Transfer:
    pass


@dataclass(frozen=True)
class Hangup:
    pass


Action = Say | Ask | Record | Transfer | Hangup

# The fixed prompts, by the key a court's own recording replaces (ivr.Prompt); the welcome names the court.
PHRASES = {
    "welcome": "您好，这里是{court}诉讼服务热线。本热线只解答诉讼程序问题。",
    "invalid": "输入有误。",
    "password": "请输入诉讼服务密码，以井号键结束。",
    "transfer": "正在为您转接人工服务，请稍候。",
    "voicemail": "请在提示音后留言，说明您的姓名、电话和事项，按井号键结束。",
    "voicemail_done": "您的留言已收到，工作人员将在下一个工作日处理。感谢来电，再见。",
    "goodbye": "感谢您的来电，再见。",
    # Said while a caller waits for an agent (the SIP adapter; Asterisk's own queue plays its music).
    "queue": "坐席正忙，请稍候，您的来电将按顺序接听。",
    "queue_again": "请继续等待。",
    "queue_timeout": "坐席忙，请稍后再拨，或在非工作时间拨打本热线留言。再见。",
    "callback": "坐席已接听，将通过您的来电号码给您回电，请保持电话畅通。再见。",
    # Said to the agent on the bridged call when the judge they put the caller through to did not answer.
    "transfer_unanswered": "转接未接通，请继续接待来电人。",
}


def say(key: str, **values) -> Say:
    return Say(PHRASES[key].format(**values), key=key)


MAX_SILENCES = 2  # unanswered menus before the line says goodbye
MAX_BAD_PASSWORDS = 3  # per call; the identity service's own lockout applies on top


@dataclass
class Machine:
    menu: Node
    court_name: str
    open_now: bool
    lookup_case: Callable[[str], str]  # service password → what to say (status or refusal)
    path: list[Node] = field(default_factory=list)
    mode: str = "menu"  # menu, password, message, done
    silences: int = 0
    bad_passwords: int = 0
    log: list[str] = field(default_factory=list)  # what the caller did, for the Call row

    @property
    def node(self) -> Node:
        return self.path[-1] if self.path else self.menu

    # ---- events -----------------------------------------------------------------------------
    def start(self) -> list[Action]:
        return [say("welcome", court=self.court_name), self._menu_prompt()]

    def digits(self, keys: str) -> list[Action]:
        if self.mode == "done":
            return []
        self.silences = 0
        if self.mode == "password":
            return self._password(keys)
        key = keys[:1]
        if key == "*":
            return [self._menu_prompt()]
        if key == "#":
            if self.path:
                self.path.pop()
            return [self._menu_prompt()]
        child = self.node.children.get(key)
        if (
            child is None
            or (child.kind == AGENT and not self.open_now)
            or (child.kind == VOICEMAIL and self.open_now)
        ):
            return [say("invalid"), self._menu_prompt()]
        return self._choose(child)

    def timeout(self) -> list[Action]:
        if self.mode == "done":
            return []
        self.silences += 1
        if self.silences > MAX_SILENCES:
            return self._goodbye()
        if self.mode == "password":
            self.mode = "menu"
        return [self._menu_prompt()]

    def recorded(self, ref: str) -> list[Action]:
        self.log.append(f"留言：{ref}" if ref else "留言：未录到声音")
        self.mode = "done"
        return [
            say("voicemail_done"),
            Hangup(),
        ]

    def hangup(self) -> list[Action]:
        self.mode = "done"
        return []

    # ---- steps ------------------------------------------------------------------------------
    def _choose(self, child: Node) -> list[Action]:
        self.log.append(child.label)
        if child.kind == SUBMENU:
            self.path.append(child)
            return [self._menu_prompt()]
        if child.kind == ARTICLE:
            return [Say(child.text), self._menu_prompt()]
        if child.kind == CASE_QUERY:
            self.mode = "password"
            return [self._password_prompt()]
        if child.kind == AGENT:
            self.mode = "done"
            return [say("transfer"), Transfer()]
        if child.kind == VOICEMAIL:
            self.mode = "message"
            return [say("voicemail"), Record()]
        raise ValueError(f"unknown menu item kind {child.kind!r}")

    def _password(self, keys: str) -> list[Action]:
        password = keys.rstrip("#")
        if not password.isdigit():
            self.mode = "menu"
            return [say("invalid"), self._menu_prompt()]
        answer = self.lookup_case(password)
        self.log.append("案件查询")
        self.mode = "menu"
        if answer.startswith("!"):  # a refusal from the identity service
            self.bad_passwords += 1
            if self.bad_passwords >= MAX_BAD_PASSWORDS:
                return [Say(answer[1:]), *self._goodbye()]
            self.mode = "password"
            return [Say(answer[1:]), self._password_prompt()]
        return [Say(answer), self._menu_prompt()]

    def _password_prompt(self) -> Ask:
        return Ask(PHRASES["password"], max_digits=16, timeout=15, terminator="#", key="password")

    def _menu_prompt(self) -> Ask:
        return Ask(prompt_for(self.node, open_now=self.open_now, top=not self.path))

    def _goodbye(self) -> list[Action]:
        self.mode = "done"
        return [say("goodbye"), Hangup()]

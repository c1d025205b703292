"""Recognising substantive legal questions, which 12368 never answers (洛阳中院一号通办规范 art. 5(2)).

Agents give procedural answers only; an outcome, an amount, guilt or legal merit is a substantive
question: the caller gets the standard reply and a pointer to the 12348 legal-aid line or a lawyer.
"""

import re

from court12368.knowledge import substantive

LEGAL_OPINION = "legal_opinion"  # the learned detector's finding: it names no narrower kind

REFUSAL = (
    "12368热线只解答诉讼程序方面的问题，不对案件的实体问题（如能否胜诉、赔偿多少、是否构成犯罪、"
    "法院会如何判决）发表意见。您可以拨打12348公共法律服务热线，或咨询律师、法律援助机构。"
)

# Each kind of substantive question is a list of alternatives, so the reason can be logged and tested.
PATTERNS = {
    "outcome": [
        r"(能|会|可以|有没有可能|有希望|有把握)[不没]?(能)?(打)?赢",
        r"胜诉(的)?(可能|机会|把握|概率)",
        r"会不会输|能不能赢|官司.{0,4}(赢|输)",
        r"法官会(怎么|如何)判|(会|能)判(我|他|她|对方)?(输|赢)|怎么判",
        r"(能不能|会不会|能|会|可能|有没有可能|有希望)(被)?(改判|翻案|翻过来)",
    ],
    "amount": [
        r"(赔|判赔|赔偿)(我|他|她|对方)?(多少|几)",
        r"(能|可以)(拿|要)(回|到)(多少|几)",
        r"赔偿(标准|金额)是多少",
    ],
    "guilt": [
        r"(算不算|是不是|构不构成|构成|会不会)(犯罪|违法|.{0,6}罪)",
        r"(判|坐)(几|多少)年|会不会坐牢|要不要坐牢",
    ],
    "merit": [
        r"(有没有|有无)道理|(谁|哪方)(有理|的责任|负责)",
        r"(合不合|是否合|合)法吗|该不该(赔|还|离)",
        r"(对方|他|她)(违约|侵权)了吗|有没有责任|责任(在谁|归谁)",
    ],
}
_COMPILED = {name: re.compile("|".join(parts)) for name, parts in PATTERNS.items()}


def patterned_reason(text: str) -> str | None:
    """The kind of substantive question one of the patterns finds in ``text``."""
    compact = re.sub(r"\s+", "", text)
    return next((name for name, pattern in _COMPILED.items() if pattern.search(compact)), None)


def substantive_reason(text: str) -> str | None:
    """The kind of substantive question ``text`` asks, or None for a procedural one: a pattern above names
    the kind; otherwise the learned detector (substantive.py) may say it asks for a legal opinion."""
    compact = re.sub(r"\s+", "", text)
    if name := patterned_reason(compact):
        return name
    detector = substantive.current()
    if compact and detector is not None and detector.is_substantive(compact):
        return LEGAL_OPINION
    return None

"""The voice menu as a tree: the 8 standard self-service items every 12368 line offers, an agent, voicemail.

A court's menu comes from its ``MenuItem`` rows (editable by administrators); a court without rows gets
the standard tree below, which ``services.seed_menu`` can write out as rows to start editing from.
"""

from dataclasses import dataclass, field

CASE_QUERY, SUBMENU, ARTICLE, AGENT, VOICEMAIL = "case_query", "submenu", "article", "agent", "voicemail"


@dataclass
class Node:
    kind: str
    label: str
    text: str = ""  # what an article item reads out
    article: str = ""  # its knowledge-base slug
    children: dict[str, "Node"] = field(default_factory=dict)


# Standard items 2–8: the knowledge-base articles each one reads (their short voice answers).
GUIDES = [
    (
        "2",
        "诉讼指南查询",
        ["filing-conditions", "filing-documents", "filing-online", "service-methods", "evidence-deadline"],
    ),
    (
        "3",
        "诉讼费用查询",
        ["costs-property-case-fee", "costs-prepayment-deadline", "costs-appeal-fee", "costs-halving-once"],
    ),
    (
        "4",
        "审理期限查询",
        ["time-limits-first-instance", "time-limits-summary-small-claims", "time-limits-second-instance"],
    ),
    (
        "5",
        "庭审程序查询",
        ["trial-procedure-hearing-steps", "trial-procedure-absence", "trial-procedure-postponement"],
    ),
    (
        "6",
        "案件管辖查询",
        ["jurisdiction-general-rule", "jurisdiction-contract", "jurisdiction-tort", "jurisdiction-divorce"],
    ),
    (
        "7",
        "风险提示查询",
        ["risk-missed-deadline", "risk-unpaid-fees", "risk-evidence-deadline", "risk-false-litigation"],
    ),
    ("8", "司法救助查询", ["fee-relief-overview", "fee-relief-waiver-cases", "fee-relief-how-to-apply"]),
]


def standard_menu(articles: dict[str, tuple[str, str]]) -> Node:
    """The standard tree; ``articles`` maps slug → (title, short voice answer)."""
    root = Node(SUBMENU, "主菜单")
    root.children["1"] = Node(CASE_QUERY, "案件信息查询")
    for digit, label, slugs in GUIDES:
        guide = Node(SUBMENU, label)
        for index, slug in enumerate(slugs, start=1):
            if slug in articles:
                title, short = articles[slug]
                guide.children[str(index)] = Node(ARTICLE, title, text=short, article=slug)
        root.children[digit] = guide
    root.children["0"] = Node(AGENT, "人工服务")
    root.children["9"] = Node(VOICEMAIL, "留言")
    return root


def prompt_for(node: Node, *, open_now: bool, top: bool) -> str:
    """The menu's spoken list: 'X请按1，…'; agent only in working hours, voicemail only after them."""
    parts = []
    for digit, child in sorted(node.children.items(), key=lambda kv: (kv[0] == "0", kv[0])):
        if child.kind == AGENT and not open_now:
            continue
        if child.kind == VOICEMAIL and open_now:
            continue
        parts.append(f"{child.label}请按{spoken_key(digit)}")
    parts.append("重听请按星号键")
    if not top:
        parts.append("返回上一级请按井号键")
    return "，".join(parts) + "。"


def spoken_key(key: str) -> str:
    return {"*": "星号键", "#": "井号键"}.get(key, "零一二三四五六七八九"[int(key)] if key.isdigit() else key)

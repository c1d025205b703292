"""What the voice line does with the platform: the court's menu, the case status it reads out, the Call
rows it leaves and voicemail as work orders. Callers who ask for an agent join the console's call queue
(`hotline.queue`)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.cases import services as cases
from court12368.cases.queries import PUBLIC
from court12368.courts.calendars import calendar_for
from court12368.courts.models import Court, PublicNumber, Staff
from court12368.hotline.models import Call
from court12368.hotline.services import log_call
from court12368.ivr import dialled, speech, transcripts
from court12368.ivr.chooser import Choice
from court12368.ivr.machine import PHRASES
from court12368.ivr.menu import ARTICLE, SUBMENU, Node, prompt_for, standard_menu
from court12368.ivr.models import MenuItem
from court12368.knowledge.models import Article
from court12368.workorders.models import OrderKind

CHANNEL = "ivr"


def menu_for(court) -> Node:
    """The court's own tree (MenuItem rows), else the standard one."""
    rows = list(MenuItem.objects.filter(court=court).select_related("article"))
    if not rows:
        articles = {a.slug: (a.title, a.short) for a in Article.objects.filter(is_published=True)}
        return standard_menu(articles)
    nodes = {
        row.pk: Node(
            row.kind,
            row.label,
            text=row.article.short if row.article else "",
            article=row.article.slug if row.article else "",
        )
        for row in rows
    }
    root = Node("submenu", "主菜单")
    for row in rows:
        (nodes[row.parent_id] if row.parent_id else root).children[row.digit] = nodes[row.pk]
    return root


@transaction.atomic
def seed_menu(court) -> int:
    """Write the standard tree as the court's rows, for an administrator to edit."""
    if MenuItem.objects.filter(court=court).exists():
        return 0
    articles = {a.slug: a for a in Article.objects.filter(is_published=True)}
    tree = standard_menu({slug: (a.title, a.short) for slug, a in articles.items()})
    count = 0

    def write(node: Node, parent):
        nonlocal count
        for digit, child in node.children.items():
            row = MenuItem.objects.create(
                court=court,
                parent=parent,
                digit=digit,
                kind=child.kind,
                label=child.label,
                article=articles.get(child.article) if child.kind == ARTICLE else None,
            )
            count += 1
            write(child, row)

    write(tree, None)
    return count


def static_prompts(court) -> list[tuple[str, str]]:
    """(text, key) of everything the line may say that does not depend on the caller: generated ahead."""
    menu = menu_for(court)
    out = [(PHRASES[key].format(court=court.name), key) for key in PHRASES]

    def walk(node: Node, top: bool):
        for open_now in (True, False):
            out.append((prompt_for(node, open_now=open_now, top=top), ""))
        for child in node.children.values():
            if child.kind == SUBMENU:
                walk(child, False)
            elif child.kind == ARTICLE and child.text:
                out.append((child.text, ""))

    walk(menu, True)
    return list(dict.fromkeys(out))


def is_open(court, now: dt.datetime | None = None) -> bool:
    return calendar_for(court).is_working_time(now or timezone.now())


def case_status(court, password: str, *, caller_number: str = "") -> str:
    """What the line says after the caller keys a password; a refusal starts with '!'."""
    try:
        verified = cases.verify_identity(
            channel=CHANNEL, password=password, court=court, caller_number=caller_number
        )
    except cases.VerificationFailed as failure:
        return "!" + str(failure.message)
    view = cases.show_case(verified.case, audience=PUBLIC, channel=CHANNEL, caller_number=caller_number)
    parts = [f"您查询的案件，{speech.case_number(view['number'])}，目前{view['stage']}。"]
    hearing = view.get("next_hearing")
    if hearing:
        at = dt.datetime.fromisoformat(hearing["at"])
        place = "".join(filter(None, [hearing.get("place"), hearing.get("courtroom")]))
        parts.append(f"下次开庭时间为{speech.when(at)}，地点{speech.digits(place)}。")
    parts.append(f"承办法官{view['judge']}。" if view.get("judge") else "承办法官尚未确定。")
    appeal = view.get("appeal") or {}
    if appeal.get("sent_on"):
        sent = dt.date.fromisoformat(appeal["sent_on"])
        parts.append(f"案件已于{speech.date(sent)}移送{appeal.get('court') or '上级法院'}审理上诉。")
    return "".join(parts)


def court_for_line(user: str):
    """The court a call reaches: the court code in the SIP address (sip:京0105@host), else the court whose
    public number was dialled (sip:01050105368@host, ivr/dialled.py), else the line's default court
    (COURT12368_IVR_COURT), else the only court. None: the caller chooses (court_choices)."""
    courts = Court.objects.filter(is_active=True)
    found = (
        courts.filter(code=user).first()
        or dialled.court_for_number(user)
        or (courts.filter(code=settings.IVR_COURT).first() if settings.IVR_COURT else None)
    )
    if found is None:
        only = list(courts[:2])
        found = only[0] if len(only) == 1 else None
    return found


def court_choices() -> list[Choice]:
    """The courts a caller may choose from on a line for many courts, by area code, then name."""
    courts = Court.objects.filter(is_active=True).order_by("area_code", "code")
    return [Choice(c.pk, c.name, c.area_code) for c in courts]


def court_by_id(pk: int):
    return Court.objects.filter(pk=pk, is_active=True).first()


@transaction.atomic
def record_self_service(
    court, *, caller_number: str, rang_at: dt.datetime, log: list[str], recording_ref: str = ""
) -> Call:
    """A call the voice menu answered by itself: kept as a Call row without a work order."""
    return Call.objects.create(
        court=court,
        channel="phone",
        caller_number=caller_number,
        rang_at=rang_at,
        answered_at=rang_at,
        content=_("Self-service voice menu: %(steps)s") % {"steps": "、".join(log) or "-"},
        recording_ref=recording_ref,
    )


@transaction.atomic
def leave_voicemail(court, *, caller_number: str, recording_ref: str, rang_at: dt.datetime) -> Call:
    """After hours: the message becomes a work order whose dispatch clock starts at the next opening."""
    call = log_call(
        court=court,
        agent=None,
        content=_("Voicemail left after hours; listen to the recording."),
        kind=OrderKind.OTHER,
        caller_number=caller_number,
        channel="voicemail",
        recording_ref=recording_ref,
        rang_at=rang_at,
        dispatch=False,
        now=rang_at,
    )
    transcripts.schedule(call)
    return call


def sip_credentials(login: str) -> str:
    """The stored digest HA1 of an active member of staff's SIP password ('' for nobody)."""
    found = Staff.objects.filter(username=login, is_active=True).values_list("sip_ha1", flat=True).first()
    return found or ""


def dialled_numbers() -> list[tuple[str, str]]:
    """Each active court's first public number as the line takes it from a trunk (national form), for
    ``serve`` to say how to reach each court's menu."""
    first: dict[int, tuple[str, str]] = {}
    numbers = PublicNumber.objects.filter(court__is_active=True).select_related("court")
    for number in numbers.order_by("court__code", "-is_primary", "pk"):
        first.setdefault(number.court_id, (number.court.name, dialled.national(number.number)))
    return list(first.values())

"""The top bar's search: an order number, a short code, a case number or a caller's phone, in one box.

Only what the user may read comes back: orders through ``order.read``, a case through ``case.lookup`` (its
existence in the user's court, and the few facts shown here, each view audited as the case query's are).
Phones are matched as the order holds them (the caller's number, normalised) and shown masked.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from court12368.cases.models import Case
from court12368.cases.numbers import CaseNumberError, parse_case_number
from court12368.cases.queries import STAFF
from court12368.core import access, audit
from court12368.core.privacy import mask_phone
from court12368.workorders.models import WorkOrder

LIMIT = 50
ORDER_NUMBER = re.compile(r"^\d{16}$")  # YYYYMMDD and eight digits (lifecycle/intake.py)
SHORT_CODE = re.compile(r"^\d{6}$")
PHONE = re.compile(r"^\d{7,15}$")
_PHONE_NOISE = re.compile(r"[\s\-()（）]")
_MOBILE_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1[3-9]\d{9}$)")
# What a case number has and the other kinds never do: its brackets, or any CJK character (号, 民初 ...).
_LOOKS_LIKE_CASE = re.compile(r"[（(〔\[【［﹝〖\u4e00-\u9fff]")

KINDS = {
    "number": _("Order number"),
    "short_code": _("Short code"),
    "case": _("Case number"),
    "phone": _("Caller's phone"),
}


@dataclass
class Found:
    query: str
    kind: str = ""
    orders: list[WorkOrder] = field(default_factory=list)
    case: Case | None = None
    error: str = ""
    phone: str = ""  # the number searched for, its digits only (a mobile without +86)

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, ""))

    @property
    def shown_query(self) -> str:
        """What was searched for, as the page may print it: a phone masked like every other."""
        return mask_phone(self.phone) if self.kind == "phone" else self.query

    @property
    def single_order(self) -> WorkOrder | None:
        """The one order an exact key names: open it at once."""
        exact = self.kind in ("number", "short_code")
        return self.orders[0] if exact and len(self.orders) == 1 and self.case is None else None


def phone_variants(text: str) -> list[str]:
    """The ways an order may hold this number: as typed, its digits, a mobile with and without +86."""
    digits = _PHONE_NOISE.sub("", text)
    mobile = _MOBILE_PREFIX.sub("", digits)
    variants = {text, digits, mobile}
    if mobile != digits or re.fullmatch(r"1[3-9]\d{9}", mobile):
        variants |= {f"+86{mobile}", f"86{mobile}"}
    return sorted(v for v in variants if v)


def find(user, text: str) -> Found:
    """What ``text`` names among what ``user`` may read (PermissionDenied for those who read no orders)."""
    orders = access.restrict(user, "order.read")  # every search asks the door, an empty one included
    text = (text or "").strip()[:100]
    found = Found(query=text)
    if not text:
        return found
    compact = _PHONE_NOISE.sub("", text)
    newest = ("-created_at", "-pk")
    if _LOOKS_LIKE_CASE.search(text) and not compact.lstrip("+").isdigit():
        found.kind = "case"
        try:
            normalized = parse_case_number(text).normalized
        except CaseNumberError as error:
            found.error = error.message
            return found
        courts = access.restrict(user, "case.lookup")  # another court's case reads as absent
        found.case = Case.objects.select_related("court").filter(number=normalized, court__in=courts).first()
        if found.case is not None:
            found.orders = list(orders.filter(case=found.case).order_by(*newest)[:LIMIT])
        return found
    if ORDER_NUMBER.match(compact):
        found.kind = "number"
        found.orders = list(orders.filter(number=compact)[:1])
    elif SHORT_CODE.match(compact):
        found.kind = "short_code"
        found.orders = list(orders.filter(short_code=compact).order_by(*newest)[:LIMIT])
    elif PHONE.match(compact.lstrip("+")):
        found.kind, found.phone = "phone", _MOBILE_PREFIX.sub("", compact.lstrip("+"))
        found.orders = list(orders.filter(caller_phone__in=phone_variants(text)).order_by(*newest)[:LIMIT])
    else:
        found.kind = "number"  # any other key: an order number as written
        found.orders = list(orders.filter(number=text)[:1])
    return found


def case_facts(case: Case) -> dict:
    """The few facts of a case the search shows staff of its court: enough to know it, nothing a party
    proves identity for (parties, hearings, fees stay with the verified case query)."""
    return {
        "number": case.number,
        "court": case.court.name,
        "cause": case.cause,
        "stage": case.get_stage_display(),
        "judge": case.judge_name,
    }


@login_required
def search(request):
    # The forms post, so a caller's number stays out of the address, the history and the access log.
    found = find(request.user, request.POST.get("q") or request.GET.get("q", ""))
    ip = audit.client_ip(request)
    if found.kind == "phone":  # who looked up which caller, as the screen-pop's history is kept
        audit.record(
            "orders_searched", channel="console", actor=request.user, caller=found.phone, ip=ip,
            kind="phone", found=len(found.orders),
        )  # fmt: skip
    if found.single_order is not None:
        return redirect("order-detail", found.single_order.number)
    facts = None
    if found.case is not None:
        facts = case_facts(found.case)
        audit.record(
            "view_case", channel="console", actor=request.user, subject=found.case, ip=ip,
            audience=STAFF, shown=sorted(facts), via="search",
        )  # fmt: skip
    return render(request, "workorders/search.html", {"found": found, "case": facts})

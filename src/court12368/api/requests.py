"""Requests from apps and mini-programs, in the style of Open311 GeoReport v2.

A service is what the public may ask for (``GET /courts/{code}/services``); a service request is a work
order filed through the same service as the portal. Its ``status`` is Open311's open/closed; ``state``
and ``flags`` carry the 12368 detail (dispatched, replied, overdue, urged, escalated, callback done,
reopened). ``GET /requests/updates`` is a feed of every change since a cursor.
"""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from court12368.api.auth import ClientToken
from court12368.api.errors import MAX_ID
from court12368.api.idempotency import once
from court12368.api.models import Scope
from court12368.api.scoping import court_for_client
from court12368.core import audit
from court12368.core.access import restrict
from court12368.core.errors import ErrorOut
from court12368.core.text import Text
from court12368.courts.models import Court
from court12368.hotline.services import PUBLIC_KIND_LABELS, PUBLIC_KINDS, submit_request
from court12368.notifications.phones import InvalidPhone
from court12368.workorders import queries
from court12368.workorders.lifecycle import NotAllowed, closing, public_status
from court12368.workorders.models import OrderState, WorkOrder

router = Router(tags=["requests"])
AUTH = ClientToken(Scope.REQUESTS)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    type: Literal["realtime"] = "realtime"
    metadata: bool = False
    group: str


class RequestIn(Schema):
    court_code: str = Field(..., max_length=16)
    service_code: Literal["consultation", "contact_judge", "complaint", "petition", "suggestion"]
    description: Text = Field(..., min_length=5, max_length=2000)
    name: Text = Field(..., min_length=1, max_length=50)
    phone: Text = Field(..., max_length=20, description="Mainland mobile number of the person asking")
    case_number: Text = Field("", max_length=64)


class RequestOut(Schema):
    service_request_id: str
    court_code: str
    service_code: str
    service_name: str
    status: Literal["open", "closed"]
    state: Literal["received", "in_progress", "replied", "informed", "closed"]
    flags: list[Literal["overdue", "urged", "escalated", "reopened", "callback_done"]]
    status_notes: str
    agency_responsible: str
    requested_datetime: dt.datetime
    updated_datetime: dt.datetime
    expected_datetime: dt.datetime | None


class CreatedOut(RequestOut):
    short_code: str = Field(..., description="Six digits the person quotes by SMS (HF/PJ commands)")


class UpdateOut(Schema):
    cursor: int
    service_request_id: str
    event: str
    at: dt.datetime
    state: str


class UpdatesOut(Schema):
    items: list[UpdateOut]
    next_cursor: int


class RatingIn(Schema):
    phone: str = Field(..., max_length=20)
    satisfaction: Literal["satisfied", "basically", "unsatisfied"]
    note: Text = Field("", max_length=500)


def _service_code(order: WorkOrder) -> str:
    for code, (kind, sub_kind) in PUBLIC_KINDS.items():
        if order.kind == kind and (not sub_kind or order.sub_kind == sub_kind):
            return code
    return order.kind


def request_out(order: WorkOrder) -> dict:
    view = queries.public_view(order)
    flags = [
        flag
        for flag, on in (
            ("overdue", view["overdue"]),
            ("urged", view["urged"]),
            ("escalated", order.escalation_level > 1),
            ("reopened", order.reopened > 0),
            ("callback_done", order.callback_at is not None),
        )
        if on
    ]
    notes = str(view["status_label"]) + (f"：{view['result']}" if view["result"] else "")
    code = _service_code(order)
    local = timezone.localtime
    return {
        "service_request_id": order.number,
        "court_code": order.court.code,
        "service_code": code,
        "service_name": str(PUBLIC_KIND_LABELS.get(code, order.get_kind_display())),
        "status": "closed" if order.state == OrderState.CLOSED else "open",
        "state": view["status"],
        "flags": flags,
        "status_notes": notes,
        "agency_responsible": view["agency"],
        "requested_datetime": local(view["created_at"]),
        "updated_datetime": local(view["updated_at"]),
        "expected_datetime": local(view["expected_at"]) if view["expected_at"] else None,
    }


@router.get(
    "/courts/{code}/services",
    response={200: list[ServiceOut], **ERRORS},
    summary="What the public may ask a court",
)
def services(request, code: str):
    court = get_object_or_404(Court, code=code, is_active=True)
    return [
        {
            "service_code": c,
            "service_name": str(name),
            "description": f"{court.name}：{name}",
            "group": "12368",
        }
        for c, name in PUBLIC_KIND_LABELS.items()
    ]


def _own_order(request, number: str) -> WorkOrder:
    # Another court's order does not exist for this client.
    orders = restrict(request.api_client, "api.order").select_related("court", "department")
    return get_object_or_404(orders, number=number)


@router.post("/requests", auth=AUTH, response={201: CreatedOut, **ERRORS}, summary="File a request")
def create_request(request, payload: RequestIn):
    """Send the header ``Idempotency-Key`` to make a retry safe: the same key returns the first answer."""
    court = court_for_client(request, payload.court_code)

    def create():
        try:
            order = submit_request(
                court=court,
                kind=payload.service_code,
                content=payload.description,
                name=payload.name,
                phone=payload.phone,
                case_number=payload.case_number,
                channel="app",
                ip=request.META.get("REMOTE_ADDR"),
            )
        except InvalidPhone as error:
            raise HttpError(422, str(error)) from error
        body = CreatedOut(**request_out(order), short_code=order.short_code).model_dump(mode="json")
        return 201, body

    return Status(*once(request, payload.dict(), create))


@router.get(
    "/requests/updates", auth=AUTH, response={200: UpdatesOut, **ERRORS}, summary="Changes since a cursor"
)
def updates(request, cursor: int = Query(0, ge=0, le=MAX_ID), limit: int = Query(100, ge=1, le=500)):
    """Every timeline entry of the client's courts after ``cursor``, oldest first; poll with next_cursor."""
    entries = list(
        restrict(request.api_client, "api.entry")
        .filter(pk__gt=cursor)
        .select_related("order")
        .order_by("pk")[:limit]
    )
    items = [
        {
            "cursor": e.pk,
            "service_request_id": e.order.number,
            "event": e.action,
            "at": timezone.localtime(e.at),
            "state": public_status(e.order)[0],
        }
        for e in entries
    ]
    return {"items": items, "next_cursor": entries[-1].pk if entries else cursor}


@router.get("/requests/{number}", auth=AUTH, response={200: RequestOut, **ERRORS}, summary="One request")
def get_request(request, number: str):
    order = _own_order(request, number)
    ip, client = audit.client_ip(request), request.api_client.name
    audit.record("request_viewed", channel="api", subject=order, ip=ip, client=client)
    return request_out(order)


@router.post(
    "/requests/{number}/rating", auth=AUTH, response={200: RequestOut, **ERRORS}, summary="Rate the handling"
)
def rate(request, number: str, payload: RatingIn):
    """The person who filed the request rates it once told the result (the callback, 回访)."""
    order = _own_order(request, number)
    if queries.find_for_requester(number, payload.phone) is None:
        raise HttpError(403, _("No request with this number was filed from this phone number."))
    try:
        order = closing.rate_by_requester(
            order,
            satisfaction=payload.satisfaction,
            note=payload.note,
            channel="api",
            ip=audit.client_ip(request),
            client=request.api_client.name,
        )
    except NotAllowed as refused:  # not (or no longer: another rating won the race) waiting for one
        raise HttpError(409, _("This request is not waiting for a rating.")) from refused
    return request_out(order)

"""Public tools: case numbers, court codes, litigation fees, statutory periods. No login."""

import dataclasses
import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from court12368.cases.numbers import check_case_number
from court12368.core.errors import ErrorOut
from court12368.courts.codes import describe_court_code
from court12368.courts.models import Court
from court12368.knowledge import classifier, fees, periods
from court12368.knowledge.services import fee_settings_for
from court12368.workorders.rules import find_route

router = Router(tags=["tools"])


class CaseNumberOut(Schema):
    valid: bool
    normalized: str | None
    year: int | None
    court_code: str | None
    special_code: str | None
    type_code: str | None
    number: int | None
    number_end: int | None
    suffix: str | None
    legacy: bool
    error: str | None


@router.get(
    "/case-number", response={200: CaseNumberOut, 422: ErrorOut}, summary="Check and normalise a case number"
)
def case_number(request, q: str):
    """Always 200 for any text: ``valid`` says whether it is a case number, ``error`` why not (in Chinese)."""
    return check_case_number(q)


class CourtCodeOut(Schema):
    valid: bool
    code: str | None = None
    level: str | None = None
    province: str | None = None
    division_code: str | None = None
    special: str | None = None
    name: str | None = None
    verified: bool = False
    error: str | None = None


@router.get(
    "/court-code", response={200: CourtCodeOut, 422: ErrorOut}, summary="Explain a court code (法院代字)"
)
def court_code(request, q: str):
    """Level, province, special court and name; ``verified`` only for codes in the curated table."""
    try:
        info = describe_court_code(q)
    except ValueError as error:
        return {"valid": False, "error": str(error)}
    return {"valid": True, **dataclasses.asdict(info)}


class FeeIn(Schema):
    kind: Literal[fees.KINDS]  # type: ignore[valid-type]
    amount: str | None = None
    court: str | None = None  # a court code: use its provincial figures and rounding
    procedure: Literal["ordinary", "summary"] = "ordinary"
    settlement: Literal["none", "mediation", "withdrawal"] = "none"


class FeeOut(Schema):
    fee: str
    exact: str
    halved: bool
    basis: list[str]
    steps: list[str]


@router.post(
    "/fees", response={200: FeeOut, 404: ErrorOut, 422: ErrorOut}, summary="Litigation fee (诉讼费用交纳办法)"
)
def fee(request, payload: FeeIn):
    court = get_object_or_404(Court, code=payload.court, is_active=True) if payload.court else None
    try:
        result = fees.compute_fee(
            payload.kind,
            payload.amount,
            procedure=payload.procedure,
            settlement=payload.settlement,
            settings=fee_settings_for(court),
        )
    except fees.FeeError as error:
        raise HttpError(422, str(error)) from error
    return {
        "fee": str(result.fee),
        "exact": str(result.exact),
        "halved": result.halved,
        "basis": result.basis,
        "steps": result.steps,
    }


class DeadlineIn(Schema):
    kind: Literal[tuple(periods.PERIODS)]  # type: ignore[valid-type]
    start: dt.date


class DeadlineOut(Schema):
    kind: str
    label: str
    start: str
    last_day: str
    nominal_last_day: str
    rolled_over: bool
    rule: str
    basis: list[str]
    reliable: bool
    reason: str = ""  # why the last day may still change (a year's holiday arrangement not entered)


@router.post(
    "/deadline", response={200: DeadlineOut, 422: ErrorOut}, summary="Last day of a statutory period"
)
def deadline(request, payload: DeadlineIn):
    try:
        return periods.last_day_in_china(payload.kind, payload.start)
    except periods.PeriodError as error:
        raise HttpError(422, str(error)) from error


class ClassifyIn(Schema):
    text: str
    court: str | None = None  # a court code: also say where that court's routing rules would send it


class ClassifyOut(Schema):
    type: str
    sub_kind: str
    confidence: float
    substantive: bool
    method: str
    department: str | None = None
    routed_by: str | None = None


@router.post(
    "/classify",
    response={200: ClassifyOut, 404: ErrorOut, 422: ErrorOut},
    summary="Suggest the work-order type of a request",
)
def classify(request, payload: ClassifyIn):
    """A suggestion for an agent or a portal form to confirm, never a decision."""
    if not payload.text.strip():
        raise HttpError(422, "请输入内容")
    result = classifier.current().suggest(payload.text).as_dict()
    if payload.court:
        court = get_object_or_404(Court, code=payload.court, is_active=True)
        route = find_route(court, result["type"], result["sub_kind"])
        if route is not None:
            result["department"] = str(route.department or route.handler or "")
            result["routed_by"] = route.rule.name
    return result

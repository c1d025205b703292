"""Case query for a verified party (apps, mini-programs): the same checks, limits and audit as the
console, the portal, SMS and the voice line."""

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from court12368.api.auth import ClientToken
from court12368.api.models import Scope
from court12368.cases import services
from court12368.cases.numbers import CaseNumberError, parse_case_number
from court12368.cases.queries import PUBLIC
from court12368.core.access import restrict
from court12368.core.errors import ErrorOut, error_response

router = Router(tags=["cases"])


class CaseQueryIn(Schema):
    case_number: str = Field("", max_length=64)
    password: str = Field("", max_length=16)
    id_number: str = Field("", max_length=32)
    phone: str = Field("", max_length=20)
    caller_number: str = Field("", max_length=20, description="The app user's own number, for rate limits")
    end_user: str = Field(
        "",
        max_length=64,
        description="The app's own identifier of its signed-in user (an openid, a user id): failures lock "
        "that user only, not every user of the app",
    )


class HearingOut(Schema):
    at: str
    place: str
    courtroom: str


class AppealOut(Schema):
    sent_on: str | None
    court: str | None
    filed_on: str | None
    case_number: str | None


class PartyOut(Schema):
    name: str
    role: str


class TimeLimitOut(Schema):
    due: str = Field(description="The last day of the trial time limit (审限), extensions counted in")
    state: str = Field(
        description="in_time, exceeded, concluded_in_time, concluded_late, or concluded (decided, no "
        "closing date)"
    )
    days_left: int | None = Field(description="Days left, while in time")
    days_over: int | None = Field(description="Days past the limit, when exceeded or concluded late")
    paused_since: str | None = Field(description="Start of an excluded period now running: the clock stands")
    extended: bool
    approval: str = Field(description="Who approved the latest extension, or its document")
    text: str = Field(description="The status as the portal words it")


class FeesOut(Schema):
    charged: str
    paid: str
    refunded: str


class CaseOut(Schema):
    number: str
    court: str
    category: str
    cause: str
    procedure: str
    filed_on: str | None
    acceptance: str
    stage: str
    progress: str
    judge: str
    panel: str
    time_limit_due: str | None
    time_limit: TimeLimitOut | None
    next_hearing: HearingOut | None
    parties: list[PartyOut]
    appeal: AppealOut
    closed_on: str | None
    result: str
    fees: FeesOut = Field(description="Litigation fees charged, paid and refunded, in yuan")


@router.post(
    "/query",
    auth=ClientToken(Scope.CASES_QUERY),
    response={200: CaseOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="A party's view of a case, after proving who they are",
)
def query(request, payload: CaseQueryIn):
    """Case number + litigation service password, or ID number + the phone reserved with the court."""
    if payload.case_number and payload.password:
        try:
            fields = {
                "case_number": parse_case_number(payload.case_number).normalized,
                "password": payload.password,
            }
        except CaseNumberError as error:
            return error_response(422, details=[{"field": "case_number", "message": error.message}])
    elif payload.id_number and payload.phone:
        fields = {"id_number": payload.id_number, "phone": payload.phone}
    else:
        raise HttpError(422, "case_number + password, or id_number + phone")
    ip = request.META.get("REMOTE_ADDR")  # the app's backend: audited, never a lockout key
    try:
        verified = services.verify_identity(
            channel="api",
            courts=restrict(request.api_client, "api.court"),
            caller_number=payload.caller_number,
            ip=ip,
            client=request.api_client,
            end_user=payload.end_user,
            **fields,
        )
    except services.VerificationFailed as failure:
        return error_response(429 if failure.locked else 403, str(failure.message))
    return services.show_case(
        verified.case, audience=PUBLIC, channel="api", caller_number=payload.caller_number, ip=ip
    )

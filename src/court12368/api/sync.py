"""Incremental sync from the trial-process system: upsert cases with parties, hearings and events.

Judges and clerks are linked to staff as in the file import (``judge_staff_no`` / ``clerk_staff_no``, else
by name within the court); the answer says which were not, and how many cases have no linked judge."""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from court12368.api.auth import ClientToken
from court12368.api.models import Scope
from court12368.cases import importing
from court12368.core import audit
from court12368.core.access import restrict
from court12368.core.errors import ErrorOut, error_response

router = Router(tags=["sync"])


class SyncOut(Schema):
    created: int
    updated: int
    without_judge: int = Field(description="Cases of the request with no judge linked to a staff record")
    without_clerk: int = Field(description="Cases of the request with no clerk linked to a staff record")
    staff_notes: list[str] = Field(
        description="Judges and clerks not linked (unknown, ambiguous or contradicting staff numbers), "
        "by record, in Chinese; the cases are written with the names as text"
    )


@router.post(
    "/cases",
    auth=ClientToken(Scope.CASES_SYNC),
    response={200: SyncOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Upsert cases (same shape as the JSON import)",
)
def sync_cases(request, payload: list[dict]):
    """All or nothing: any invalid record rejects the whole request with row-level reasons."""
    client = request.api_client
    records = [dict(item, _row=n) for n, item in enumerate(payload, start=1)]
    cleaned, errors = importing.validate(records)
    if errors:
        return error_response(422, details=[{"field": None, "message": e} for e in errors])
    allowed = set(restrict(client, "api.court").values_list("pk", flat=True))
    foreign = [r["number"] for r in cleaned if r["court"].pk not in allowed]
    if foreign:
        raise HttpError(
            403,
            _("This client may not write cases of other courts: %(cases)s")
            % {"cases": "、".join(foreign[:5])},
        )
    try:
        result = importing.upsert(cleaned)
    except IntegrityError as error:
        raise HttpError(409, _("The data conflicts with existing records; nothing was written.")) from error
    audit.record(
        "sync_cases", channel="api", subject=client, ip=audit.client_ip(request), client=client.name,
        created=result["created"], updated=result["updated"],
        without_judge=result["without_judge"], staff_unlinked=len(result["staff_notes"]),
    )  # fmt: skip
    report = ("created", "updated", "without_judge", "without_clerk", "staff_notes")
    return {key: result[key] for key in report}

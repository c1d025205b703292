"""The console's inline case query: verify the caller and read them the case, without leaving the call.

The same door as the case-query page (cases/views.py ``lookup``): ``verify_identity`` with the console's
channel, so every attempt is audited and counts against the same lockouts, then ``show_case``, which
audits the view with what was shown."""

from dataclasses import dataclass

from court12368.cases import services
from court12368.cases.forms import VerifyForm
from court12368.cases.queries import STAFF


@dataclass(frozen=True)
class Lookup:
    view: dict | None = None
    error: str = ""
    locked: bool = False


def verify_and_show(agent, data: dict, *, courts, ip: str | None) -> Lookup:
    """``data``: a valid VerifyForm's cleaned data. The case as staff see it, or why not."""
    fields = {name: data[name] for name in VerifyForm.REQUIRED[data["method"]]}
    caller = data.get("caller_number", "")
    try:
        verified = services.verify_identity(
            channel="console",
            court=agent.court,
            courts=courts,
            caller_number=caller,
            ip=ip,
            actor=agent,
            **fields,
        )
    except services.VerificationFailed as failure:
        return Lookup(error=failure.message, locked=failure.locked)
    view = services.show_case(
        verified.case, audience=STAFF, channel="console", actor=agent, caller_number=caller, ip=ip
    )
    return Lookup(view=view)

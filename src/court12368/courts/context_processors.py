from django.core.exceptions import PermissionDenied

from court12368.core import access
from court12368.courts.queries import missing_holiday_years
from court12368.courts.roster import gaps_by_court


def admin_warnings(request) -> dict:
    """Warnings every page shows to administrators (and only to them)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_administrator):
        return {}
    return {"missing_holiday_years": missing_holiday_years(), **_duty_roster_gaps(user)}


ROSTER_GAP_COURTS_SHOWN = 5  # a platform administrator with a province of courts is not shown a wall


def _duty_roster_gaps(user) -> dict:
    """The administrator's courts whose duty roster has no judge on some working day of the coming week
    (a hard question then goes to the head of the litigation service centre)."""
    try:
        courts = access.restrict(user, "config.court")
    except PermissionDenied:  # an administrator account with neither a court nor superuser status
        return {}
    found = gaps_by_court(courts)
    shown = [
        {"court": court, "dates": ", ".join(str(gap) for gap in court_gaps)}
        for court, court_gaps in found[:ROSTER_GAP_COURTS_SHOWN]
    ]
    return {"duty_roster_gaps": shown, "duty_roster_gaps_more": len(found) - len(shown)}

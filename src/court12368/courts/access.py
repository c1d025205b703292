"""The court-wide desks: who works the console, who oversees the line, who leads the court.

Each rule answers with the courts (or departments) the staff member may act for; see core/access.py."""

from court12368.core.access import restrict, rule
from court12368.courts.models import Court, Department, DepartmentKind, Role, Staff
from court12368.courts.queries import courts_under

CONSOLE_ROLES = (Role.AGENT, Role.DUTY_JUDGE)


def staff_of_a_court(principal) -> Staff | None:
    """A staff member who belongs to a court (API clients and platform-wide administrators do not)."""
    return principal if isinstance(principal, Staff) and principal.court_id else None


def _own_court(user: Staff):
    return Court.objects.filter(pk=user.court_id)


@rule("console.use")
def _console(principal):
    """Seat agents and the duty judge answer the line for their court."""
    user = staff_of_a_court(principal)
    return _own_court(user) if user and user.role in CONSOLE_ROLES else None


@rule("court.oversee")
def _oversee(principal):
    """The 12368 centre, department heads, leaders and the court's administrators keep the ledger, read
    the circulars and the hotspots."""
    user = staff_of_a_court(principal)
    return _own_court(user) if user and user.reads_ledger else None


@rule("court.lead")
def _lead(principal):
    """Court leaders and the court's administrators: the dashboard, the court's statistics, circulars."""
    user = staff_of_a_court(principal)
    return _own_court(user) if user and user.leads_court else None


@rule("statistics.read")
def _statistics(principal):
    """Whose statistics: every department of the court for its leaders, a head's own department."""
    user = staff_of_a_court(principal)
    if user is None:
        return None
    if user.leads_court:
        return Department.objects.filter(court_id=user.court_id)
    if user.role == Role.DEPARTMENT_HEAD and user.department_id:
        return Department.objects.filter(pk=user.department_id)
    return None


@rule("config.court")
def _configure(principal):
    """What an administrator configures in 系统配置: a platform administrator every court, a court's
    administrator their court and the courts below it (a high court's, its province)."""
    if not isinstance(principal, Staff) or not principal.is_administrator:
        return None
    if principal.court_id is None:
        return Court.objects.all() if principal.is_superuser else None
    return Court.objects.filter(pk__in=courts_under(principal.court_id))


@rule("duty.roster")
def _roster_keepers(principal):
    """Who arranges the duty judges' roster (洛阳中院一号通办服务工作规范第七条: the line's supervising
    department): the head of the litigation service centre their court's, administrators the courts they
    configure."""
    if isinstance(principal, Staff) and principal.is_administrator:
        return _configure(principal)
    user = staff_of_a_court(principal)
    centre = DepartmentKind.LITIGATION_SERVICE
    if user and user.role == Role.DEPARTMENT_HEAD and user.department_id and user.department.kind == centre:
        return _own_court(user)
    return None


@rule("config.platform")
def _platform(principal):
    """What belongs to no court (the national holiday table, the knowledge base, accounts' permissions,
    the tasks and lockout tables) is changed by platform administrators only."""
    if isinstance(principal, Staff) and principal.is_superuser and principal.court_id is None:
        return Court.objects.all()
    return None


def console_agent(request) -> Staff:
    """The signed-in seat agent (or duty judge) with a court, for the console's pages; else 403."""
    restrict(request.user, "console.use")
    return request.user

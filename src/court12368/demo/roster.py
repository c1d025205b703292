"""The demo court's duty roster for the coming weeks and one department's contact person (洛阳中院一号通办
服务工作规范第七条 and 第五条第六项), so the roster page, hard questions and department orders show them."""

import datetime

from django.utils import timezone

from court12368.courts.calendars import calendar_for
from court12368.courts.models import Court, DutyShift, HalfDay, Role, Staff
from court12368.demo.factories import StaffFactory

ROSTER_WEEKS = 4
CONTACT_DEPARTMENT = "信访办公室"


def arrange_demo_roster(court: Court, weeks: int = ROSTER_WEEKS) -> int:
    """The court's judges take the working days in turn, the duty-judge account first (today); on
    Wednesdays the next judge takes the afternoon, to show a half-day shift."""
    judges = list(  # "duty_judge" sorts before "judge": the duty-judge account first
        Staff.objects.filter(court=court, role__in=(Role.DUTY_JUDGE, Role.JUDGE), is_active=True).order_by(
            "role", "pk"
        )
    )
    calendar, today, shifts, turn = calendar_for(court), timezone.localdate(), [], 0
    for offset in range(weeks * 7):
        day = today + datetime.timedelta(days=offset)
        if not judges or not calendar.is_working_day(day):
            continue
        judge, relief = judges[turn % len(judges)], judges[(turn + 1) % len(judges)]
        if day.weekday() == 2 and relief != judge:
            shifts += [
                DutyShift(court=court, date=day, half=HalfDay.MORNING, judge=judge),
                DutyShift(court=court, date=day, half=HalfDay.AFTERNOON, judge=relief),
            ]
        else:
            shifts.append(DutyShift(court=court, date=day, half=HalfDay.WHOLE_DAY, judge=judge))
        turn += 1
    DutyShift.objects.bulk_create(shifts)
    return len(shifts)


def name_demo_contact_person(court: Court, slug: str) -> Staff:
    """A clerk of the petition office takes its orders first; its head is told as before."""
    department = court.departments.get(name=CONTACT_DEPARTMENT)
    contact = StaffFactory(
        username=f"{slug}.petition.contact", role=Role.CLERK, court=court, department=department
    )
    department.contact_person = contact
    department.save(update_fields=["contact_person"])
    return contact

"""Run by test_faults.py in its own process, against the platform's database:

python -m tests.e2e.fault_load setup       a court whose judge gets an SMS for every dispatched order
python -m tests.e2e.fault_load burst N     log N calls that become orders dispatched to that judge
    --retry        a call cut off by a lost database is tried again
    --days-ago D   the calls were taken D days ago, so every deadline of theirs is due now
python -m tests.e2e.fault_load client      print the token of a new API client of that court
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from court12368.courts.models import Court, Staff  # noqa: E402
from court12368.hotline import services as hotline  # noqa: E402
from court12368.workorders.models import SubKind  # noqa: E402


def setup() -> None:
    import datetime as dt

    from court12368.demo.factories import CourtFactory, ServiceHoursFactory
    from court12368.notifications.models import SmsSettings
    from court12368.workorders.lifecycle import policy
    from tests.builders import Court as Built

    never = dt.time(0, 0)  # quiet hours from 00:00 to 00:00: none

    call_command("migrate", verbosity=0)
    court = CourtFactory(code="京0105", name="北京市朝阳区人民法院", short_name="朝阳区人民法院")
    ServiceHoursFactory(court=court)
    policy.apply_preset(court, "luoyang")
    built = Built(court)
    Staff.objects.filter(pk=built.judge.pk).update(mobile="13900001111")
    # No quiet hours: the burst runs at any hour, and the callers' texts must not wait for the morning.
    SmsSettings.objects.update_or_create(court=court, defaults={"quiet_start": never, "quiet_end": never})


def client() -> None:
    from court12368.api.services import create_client

    court = Court.objects.get(code="京0105")
    _client, token = create_client(name="负载测试", court=court, scopes=["requests"])
    print(token, flush=True)


def burst(count: int, retry: bool = False, days_ago: int = 0) -> None:
    """Log the calls; with ``retry``, a call cut off by a lost database is tried again, as an agent would
    press save again, unless it was in fact saved."""
    import datetime as dt

    from django.db import InterfaceError, OperationalError, close_old_connections, connection
    from django.utils import timezone

    from court12368.cases.models import Case
    from court12368.workorders.models import WorkOrder

    court = Court.objects.get(code="京0105")
    agent = Staff.objects.get(username="agent1")
    case = Case.objects.filter(court=court).first()
    taken = timezone.now() - dt.timedelta(days=days_ago) if days_ago else None
    for n in range(count):
        while True:
            try:
                if not WorkOrder.objects.filter(summary__startswith=f"第{n}次").exists():
                    hotline.log_call(
                        court=court, agent=agent, content=f"第{n}次联系不上法官", kind="contact_judge",
                        sub_kind=SubKind.REPEAT_CONTACT, caller_number=f"137{n:08d}", case=case, now=taken,
                    )  # fmt: skip
                break
            except (OperationalError, InterfaceError):
                if not retry:
                    raise
                connection.close()
                close_old_connections()
                time.sleep(0.2)
    print(f"logged {count}", flush=True)


def _option(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


if __name__ == "__main__":
    commands = {
        "setup": setup,
        "client": client,
        "burst": lambda: burst(int(sys.argv[2]), "--retry" in sys.argv, _option("--days-ago", 0)),
    }
    commands[sys.argv[1]]()

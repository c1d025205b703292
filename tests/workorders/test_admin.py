import pytest
import time_machine
from django.urls import reverse

from court12368.courts.models import Role
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.models import DeadlinePolicy
from tests.workorders.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_staff):
    return make_staff(role=Role.ADMINISTRATOR, username="cfg")


def test_editing_a_policy_in_the_admin_bumps_its_version(client, admin_user, court, luoyang):
    client.force_login(admin_user)
    url = reverse("admin:workorders_deadlinepolicy_change", args=[luoyang.pk])
    form = {
        "court": court.pk,
        "name": "本院规则",
        "dispatch_amount": 1,
        "dispatch_unit": "working_hours",
        "reply_amount": 3,
        "reply_unit": "working_days",
        "warn_before_hours": 2,
        "steps-TOTAL_FORMS": 0,
        "steps-INITIAL_FORMS": 0,
    }
    for n, step in enumerate(luoyang.steps.all()):
        form.update(
            {
                f"steps-{n}-id": step.pk,
                f"steps-{n}-policy": luoyang.pk,
                f"steps-{n}-level": step.level,
                f"steps-{n}-target": step.target,
                f"steps-{n}-after_amount": step.after_amount,
                f"steps-{n}-after_unit": step.after_unit,
            }
        )
    form["steps-TOTAL_FORMS"] = form["steps-INITIAL_FORMS"] = luoyang.steps.count()
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = DeadlinePolicy.objects.get(pk=luoyang.pk)
    assert (policy.version, policy.reply_amount, policy.name) == (2, 3, "本院规则")


def test_preset_action(client, admin_user, court, luoyang):
    client.force_login(admin_user)
    client.post(
        reverse("admin:workorders_deadlinepolicy_changelist"),
        {"action": "apply_yiwu", "_selected_action": [luoyang.pk]},
    )
    assert DeadlinePolicy.objects.get(pk=luoyang.pk).reply_unit == "calendar_days"


def test_administrators_are_told_about_unreliable_deadlines(client, admin_user, court, people, luoyang):
    with time_machine.travel(at(2026, 12, 30, 10), tick=False):
        order = intake.create_work_order(court=court, kind="other", summary="年底来电")
        handling.dispatch(order, handler=people.judge)
    client.force_login(admin_user)
    body = client.get("/").content.decode()
    assert 'data-testid="unreliable-deadlines"' in body
    assert "1件未结工单的期限落在尚未录入国务院节假日安排的年份" in body
    client.force_login(people.judge)
    assert 'data-testid="unreliable-deadlines"' not in client.get("/").content.decode()

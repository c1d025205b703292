"""Each department's designated contact person (洛阳中院一号通办服务工作规范第五条第六项) takes the orders
routed to the department; its head is informed as before."""

import pytest
from django.urls import reverse

from court12368.courts.models import Department, DepartmentKind, Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.workorders.models import SubKind
from tests.builders import Court
from tests.workorders.conftest import told

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(court, luoyang):
    return Court(court)


@pytest.fixture
def petition_office(c):
    office = c.dept[DepartmentKind.PETITION]
    office.contact_person = StaffFactory(
        court=c.court, department=office, role=Role.CLERK, username="contact"
    )
    office.save()
    return office


def test_a_department_order_goes_to_the_contact_person_and_the_head_is_told(c, petition_office):
    order = c.order("petition")
    head = c.head[DepartmentKind.PETITION]
    assert (order.handler, order.department) == (petition_office.contact_person, petition_office)
    assert told(petition_office.contact_person, "dispatch") == ["in_app", "sms"]
    assert told(head, "dispatch") == ["in_app", "sms"]


def test_the_head_still_handles_the_departments_orders(client, c, petition_office):
    order = c.order("petition")
    client.force_login(c.head[DepartmentKind.PETITION])
    assert client.get(reverse("order-detail", args=[order.number])).status_code == 200
    client.force_login(petition_office.contact_person)
    assert client.get(reverse("order-detail", args=[order.number])).status_code == 200


def test_without_an_active_contact_person_the_head_takes_it(c, petition_office):
    petition_office.contact_person.is_active = False
    petition_office.contact_person.save()
    assert c.order("petition").handler == c.head[DepartmentKind.PETITION]


def test_a_complaint_about_the_judge_still_goes_to_the_judges_head(c):
    """The rule names the head of the judge's department, not the department: no contact person."""
    civil = c.dept[DepartmentKind.CIVIL]
    civil.contact_person = StaffFactory(court=c.court, department=civil, role=Role.CLERK, username="civil_c")
    civil.save()
    assert c.order("complaint", SubKind.CONDUCT).handler == c.head[DepartmentKind.CIVIL]


def test_when_the_judge_is_gone_the_departments_contact_person_takes_the_contact_request(c):
    civil = c.dept[DepartmentKind.CIVIL]
    civil.contact_person = StaffFactory(court=c.court, department=civil, role=Role.CLERK, username="civil_c")
    civil.save()
    c.judge.is_active = False
    c.judge.save()
    order = c.order("contact_judge", SubKind.REPEAT_CONTACT)
    assert order.handler == civil.contact_person
    assert told(c.head[DepartmentKind.CIVIL], "dispatch") == ["in_app", "sms"]


def test_the_administrator_picks_the_contact_person_among_the_courts_staff(client, c):
    admin = StaffFactory(court=c.court, role=Role.ADMINISTRATOR, username="admin1", is_staff=True)
    office = c.dept[DepartmentKind.PETITION]
    clerk = StaffFactory(court=c.court, department=office, role=Role.CLERK, username="clerk_p")
    elsewhere = StaffFactory(court=CourtFactory(code="京0108", name="北京市海淀区人民法院"), username="far")
    client.force_login(admin)
    url = reverse("admin:courts_department_change", args=[office.pk])
    page = client.get(url).content.decode()
    assert f'value="{clerk.pk}"' in page and f'value="{elsewhere.pk}"' not in page
    data = {
        "court": c.court.pk,
        "name": office.name,
        "kind": office.kind,
        "phone": "",
        "contact_person": clerk.pk,
    }
    assert client.post(url, data).status_code == 302
    assert Department.objects.get(pk=office.pk).contact_person == clerk
    assert c.order("petition").handler == clerk

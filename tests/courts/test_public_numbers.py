"""Each court's own public numbers (issue 22 item 16): the hotline shown is the court's primary number,
an administrator keeps them in the court's configuration, every demo court has its own, and the portal
and the console show them."""

import pytest
from django.urls import reverse

from court12368.courts.models import Court, PublicNumber, Role
from court12368.demo.factories import CourtFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_the_hotline_is_the_primary_number_else_area_code_and_12368(court):
    assert CourtFactory.build(area_code="0579").hotline == "0579-12368"  # not saved yet: no numbers
    assert court.hotline == "010-12368"
    PublicNumber.objects.create(court=court, number="010-50105369", label="立案咨询")
    assert court.hotline == "010-12368"  # a number, but none shown first
    PublicNumber.objects.create(court=court, number="010-50105368", label="诉讼服务直线", is_primary=True)
    assert court.hotline == "010-50105368"


def test_a_list_of_courts_reads_their_numbers_in_one_query(court, django_assert_num_queries):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院", area_code="010")
    PublicNumber.objects.create(court=other, number="010-50108368", is_primary=True)
    courts = list(Court.objects.prefetch_related("public_numbers").order_by("code"))
    with django_assert_num_queries(0):
        assert {c.code: c.hotline for c in courts} == {"京0105": "010-12368", "京0108": "010-50108368"}


def admin_post_data(response) -> dict:
    """The court's change form as shown, every inline with its management form, ready to post."""
    data = {}
    for form in [response.context["adminform"].form] + [
        f for inline in response.context["inline_admin_formsets"] for f in [inline.formset.management_form]
    ]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value not in (None, ""):
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.initial_forms:
            for name in form.fields:
                value = form.initial.get(name, form.fields[name].initial)
                if value not in (None, "", False):
                    data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def test_a_court_administrator_keeps_the_numbers_in_the_courts_configuration(client, court):
    client.force_login(StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg"))
    url = reverse("admin:courts_court_change", args=[court.pk])
    page = client.get(url)
    assert page.status_code == 200 and "public_numbers-TOTAL_FORMS" in page.content.decode()
    data = admin_post_data(page)
    data.update(
        {
            "public_numbers-TOTAL_FORMS": "1",
            "public_numbers-0-number": "010-50105368",
            "public_numbers-0-label": "诉讼服务直线",
            "public_numbers-0-is_primary": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"]]
    court.refresh_from_db()
    assert court.hotline == "010-50105368"
    data["public_numbers-0-number"] = "12368热线"
    assert client.post(url, data).status_code == 200  # refused: digits and dashes only


def test_every_demo_court_has_its_own_numbers_in_its_area():
    from court12368.demo import services as demo

    demo.load_demo_data()
    courts = list(Court.objects.prefetch_related("public_numbers"))
    hotlines = [court.hotline for court in courts]
    assert len(set(hotlines)) == len(courts)  # no two courts show the same number
    numbers = list(PublicNumber.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))  # a dialled number names one court (the voice line)
    for court in courts:
        primary = [n for n in court.public_numbers.all() if n.is_primary]
        assert len(primary) == 1, court
        assert all(n.number.startswith(f"{court.area_code}-") for n in court.public_numbers.all()), court
    assert Court.objects.get(code="京0105").hotline == "010-50105368"


def test_the_portal_and_the_console_show_the_courts_numbers(client, court, make_staff):
    PublicNumber.objects.create(court=court, number="010-50105368", label="诉讼服务直线", is_primary=True)
    PublicNumber.objects.create(court=court, number="010-50105369", label="立案咨询")
    page = client.get(f"/portal/c/{court.code}/").content.decode()
    assert 'data-testid="hotline">010-50105368<' in page
    assert "010-50105369 · 立案咨询" in page  # every number, with what it is for
    assert "010-12368" not in page
    assert "010-50105368" in client.get("/portal/", {"q": "朝阳"}).content.decode()
    footer = client.get(f"/portal/c/{court.code}/case/").content.decode()
    assert 'data-testid="court-numbers"' in footer and "010-50105368" in footer
    client.force_login(make_staff(role=Role.AGENT))
    console = client.get("/").content.decode()
    assert "010-50105368" in console and "010-50105369" in console

"""In-app notices for staff: the list (one's own, newest first, linking to the order), the unread count in
the top bar, and reading them by opening the order, by a click in the list, or all at once."""

import re

import pytest
from django.urls import reverse

from court12368.notifications.models import Channel, Notification
from court12368.notifications.services import notify_staff
from court12368.workorders import notices
from court12368.workorders.models import SubKind
from tests.builders import Court
from tests.core.test_query_plans import full_scans
from tests.reports.conftest import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def unread(person) -> int:
    return Notification.objects.filter(recipient=person, channel=Channel.IN_APP, read_at__isnull=True).count()


def top_bar_count(page) -> int | None:
    found = re.search(r'data-testid="unread-notices"[^>]*>（(\d+)）', page.content.decode())
    return int(found.group(1)) if found else None


def test_a_notice_names_its_order_through_its_key():
    assert notices.order_pk_of("order:12:1:dispatch:5:in_app") == 12
    assert notices.order_pk_of("address:3:202612011200:13912345678:sms") is None
    assert "order:12:1:dispatch".startswith(notices.order_key_prefix(12))
    assert not "order:12:1:dispatch".startswith(notices.order_key_prefix(1))  # order 1 is not order 12


def test_the_top_bar_counts_the_users_unread_notices_on_every_staff_page(client, c):
    order = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    judge = order.handler
    assert unread(judge) >= 1
    client.force_login(judge)
    for page in ("order-inbox", "case-lookup", "order-notices"):
        assert top_bar_count(client.get(reverse(page))) == unread(judge), page
    notices.mark_all_read(judge)
    assert top_bar_count(client.get(reverse("order-inbox"))) is None  # nothing unread, no count


def test_the_count_is_one_query(c, django_assert_num_queries):
    judge = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT).handler
    expected = unread(judge)
    with django_assert_num_queries(1):
        assert notices.unread_count(judge) == expected


def test_the_count_and_the_list_read_through_the_inbox_index(c):
    judge = c.judge
    assert full_scans(notices.inbox_of(judge).filter(read_at__isnull=True)) == []
    assert full_scans(notices.inbox_of(judge)) == []


def test_opening_the_order_reads_its_notices_and_only_the_openers(client, c):
    order = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    other = call(c, "又联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    judge = order.handler
    notified_others = [n.recipient for n in Notification.objects.filter(channel=Channel.IN_APP)]
    others_unread = {p.pk: unread(p) for p in notified_others if p != judge}
    before = unread(judge)
    client.force_login(judge)
    assert client.get(reverse("order-detail", args=[order.number])).status_code == 200
    mine = Notification.objects.filter(recipient=judge, channel=Channel.IN_APP)
    about = notices.order_key_prefix(order.pk)
    assert all(n.read_at for n in mine if n.idempotency_key.startswith(about))
    assert all(
        n.read_at is None for n in mine if n.idempotency_key.startswith(notices.order_key_prefix(other.pk))
    )
    assert 0 < unread(judge) < before
    assert {pk: unread(type(judge).objects.get(pk=pk)) for pk in others_unread} == others_unread


def test_the_list_shows_ones_own_notices_newest_first_and_links_to_the_order(client, c):
    first = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    second = call(c, "又联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    judge = first.handler
    notify_staff(c.agent, event="dispatch", body="只给座席员的通知", key="order:999999:x", sms=False)
    client.force_login(judge)
    page = client.get(reverse("order-notices")).content.decode()
    assert "只给座席员的通知" not in page  # another user's notice is invisible
    assert page.count('data-testid="notice"') == judge_notices(judge)
    assert page.index(second.number) < page.index(first.number)  # newest first
    assert reverse("order-detail", args=[first.number]) in page
    assert 'data-unread="1"' in page


def judge_notices(person) -> int:
    return Notification.objects.filter(recipient=person, channel=Channel.IN_APP).count()


def test_a_notice_clicked_in_the_list_is_read_and_opens_its_order(client, c):
    order = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    judge = order.handler
    notice = Notification.objects.filter(recipient=judge, channel=Channel.IN_APP).first()
    client.force_login(c.agent)
    assert client.post(reverse("order-notice-read", args=[notice.pk])).status_code == 404  # not theirs
    client.force_login(judge)
    opened = client.post(reverse("order-notice-read", args=[notice.pk]))
    assert opened.url == reverse("order-detail", args=[order.number])
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_without_an_order_is_read_by_its_button(client, c):
    (notice,) = notify_staff(c.agent, event="urge", body="值班表有空缺", key="roster:gap:1", sms=False)
    client.force_login(c.agent)
    page = client.get(reverse("order-notices")).content.decode()
    assert reverse("order-notice-read", args=[notice.pk]) in page
    assert client.post(reverse("order-notice-read", args=[notice.pk])).url == reverse("order-notices")
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_mark_all_read_reads_only_ones_own(client, c):
    order = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)
    judge = order.handler
    others = {n.recipient_id for n in Notification.objects.exclude(recipient=judge).filter(read_at=None)}
    client.force_login(judge)
    assert client.post(reverse("order-notices-all-read")).url == reverse("order-notices")
    assert unread(judge) == 0
    assert others and all(
        Notification.objects.filter(recipient_id=pk, read_at=None).exists() for pk in others
    )
    assert client.get(reverse("order-notices-all-read")).status_code == 405  # a change is a POST


def test_sms_rows_are_not_in_app_notices(client, c):
    judge = call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT).handler
    sms = Notification.objects.filter(recipient=judge, channel=Channel.SMS)
    client.force_login(judge)
    page = client.get(reverse("order-notices")).content.decode()
    assert page.count('data-testid="notice"') == judge_notices(judge)
    assert notices.inbox_of(judge).filter(pk__in=sms.values("pk")).count() == 0

"""Issue 24: a threat of self-harm sent through the portal takes the urgent route, whatever its form type."""

import pytest

from court12368.hotline import services as hotline
from court12368.workorders.models import OrderKind, SubKind

pytestmark = pytest.mark.django_db


def test_a_threat_of_self_harm_is_urgent_whatever_the_form_said(court):
    order = hotline.submit_request(
        court=court,
        kind="consultation",
        content="再不给我说法我就去法院门口喝药",
        name="某",
        phone="13911116666",
    )
    assert (order.kind, order.sub_kind) == (OrderKind.OTHER, SubKind.URGENT)
    calm = hotline.submit_request(
        court=court, kind="consultation", content="网上立案要准备哪些材料", name="某", phone="13911116667"
    )
    assert calm.kind == OrderKind.CONSULTATION and calm.sub_kind != SubKind.URGENT

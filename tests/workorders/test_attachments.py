"""What a handler attaches to a reply: documents kept and served only to those who see the order; a
program, a web page, a mislabelled or oversize file refused with a Chinese reason and nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from court12368.workorders.models import Attachment, OrderEntry, SubKind, WorkOrder
from tests.builders import Court
from tests.reports.conftest import call

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def order(court, luoyang):
    c = Court(court)
    return c, call(c, "联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT)


def reply(client, order, upload):
    client.force_login(order.handler)
    return client.post(
        reverse("order-reply", args=[order.number]),
        {"text": "已联系当事人", "attachment": upload},
        follow=True,
    )


def test_a_document_is_kept_and_served_to_those_who_see_the_order(client, order):
    c, work_order = order
    reply(client, work_order, SimpleUploadedFile("../../etc/情况说明.pdf", PDF, "application/pdf"))
    item = Attachment.objects.get()
    assert item.name == "情况说明.pdf" and "/" not in item.name  # the path part of the name is dropped
    assert item.file.name.startswith("attachments/")
    download = client.get(reverse("order-attachment", args=[work_order.number, item.pk]))
    assert b"".join(download.streaming_content) == PDF
    client.force_login(c.agent)
    assert client.get(reverse("order-attachment", args=[work_order.number, item.pk])).status_code == 200
    outsider = type(c.judge).objects.create(username="judge_b", court=c.court, role="judge")
    client.force_login(outsider)
    assert client.get(reverse("order-attachment", args=[work_order.number, item.pk])).status_code == 404


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\0" * 100, "只能上传以下类型的文件"),
        ("page.html", b"<script>alert(1)</script>", "只能上传以下类型的文件"),
        ("reply.pdf", b"<script>alert(1)</script>", "文件内容与扩展名不符"),
        ("photo.jpg", PDF, "文件内容与扩展名不符"),
        ("notes.txt", b"\x00\x01\x02binary", "文件内容与扩展名不符"),
        ("noextension", PDF, "只能上传以下类型的文件"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_saved(client, order, name, content, reason):
    _c, work_order = order
    page = reply(client, work_order, SimpleUploadedFile(name, content))
    assert reason in page.content.decode()
    assert not Attachment.objects.exists()
    assert not OrderEntry.objects.filter(order=work_order, action="replied").exists()
    assert WorkOrder.objects.get(pk=work_order.pk).state == work_order.state  # the reply was not recorded


def test_an_oversize_file_is_refused(client, order, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    _c, work_order = order
    page = reply(client, work_order, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert "附件不能超过" in page.content.decode() and not Attachment.objects.exists()


def test_chinese_text_files_in_gb18030_are_accepted(client, order):
    _c, work_order = order
    reply(client, work_order, SimpleUploadedFile("说明.txt", "当事人已到庭。".encode("gb18030")))
    assert Attachment.objects.get().name == "说明.txt"

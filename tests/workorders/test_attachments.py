"""What a handler attaches to a reply: documents kept and served only to those who see the order; a
program, a web page, a mislabelled or oversize file refused with a Chinese reason and nothing saved."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from court12368.workorders import uploads
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


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("情况说明")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole2(version: bytes = b"\x03\x00", shift: bytes = b"\x09\x00") -> bytes:
    """An OLE2 compound-file header (MS-CFB 2.2): magic, minor and major version, byte order, sector size."""
    header = OLE_MAGIC + b"\0" * 16 + b"\x3e\x00" + version + b"\xfe\xff" + shift
    return header.ljust(1536, b"\0")


@pytest.mark.parametrize(
    "name, content",
    [
        ("说明.docx", _docx()),
        ("统计.xlsx", _xlsx()),
        ("旧稿.doc", _ole2()),
        ("旧表.xls", _ole2(b"\x04\x00", b"\x0c\x00")),
    ],
)
def test_office_files_that_are_what_they_claim_are_kept(client, order, name, content):
    _c, work_order = order
    reply(client, work_order, SimpleUploadedFile(name, content))
    assert Attachment.objects.get().name == name


@pytest.mark.parametrize(
    "name, content",
    [
        ("archive.docx", _zip({"readme.txt": b"any zip starts with PK"})),  # a zip, not a Word document
        ("sheet.docx", _xlsx()),  # a workbook renamed as a Word document
        ("report.xlsx", _docx()),
        ("broken.docx", b"PK\x03\x04" + b"\0" * 200),  # the zip's first bytes, no zip behind them
        ("old.doc", OLE_MAGIC + b"\0" * 600),  # the OLE2 magic, no compound-file header behind it
        ("old.xls", _ole2(shift=b"\x10\x00")),
    ],
)
def test_office_files_are_opened_as_the_format_they_claim(client, order, name, content):
    """Issue 20 finding 14: uploads were checked by their first bytes only, so any zip passed as .docx."""
    _c, work_order = order
    page = reply(client, work_order, SimpleUploadedFile(name, content))
    assert "文件内容与扩展名不符" in page.content.decode()
    assert not Attachment.objects.exists()


def test_a_zip_bomb_dressed_as_a_document_is_refused_without_unpacking(client, order, monkeypatch):
    monkeypatch.setattr(uploads, "OOXML_MAX_UNPACKED", 2**20)
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/big.bin": b"\0" * 2**21,
        }
    )
    _c, work_order = order
    page = reply(client, work_order, SimpleUploadedFile("bomb.docx", bomb))
    assert "文件内容与扩展名不符" in page.content.decode() and not Attachment.objects.exists()

"""What a handler may attach to a reply: documents, images and recordings of a bounded size whose content
is what their name says (a renamed program or web page is refused)."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension -> the first bytes its content starts with (None: plain text, checked by decoding)
KINDS = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": ZIP,
    "xlsx": ZIP,
    "doc": OLE,
    "xls": OLE,
    "wav": (b"RIFF",),
    "txt": None,
}


def check(upload) -> None:
    """Raise ValidationError (in the user's language) unless ``upload`` may be kept."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The attachment is larger than %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_BYTES // 2**20}
        )
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in KINDS:
        raise ValidationError(
            _("Only these kinds of file can be attached: %(kinds)s.") % {"kinds": ", ".join(KINDS)}
        )
    head = upload.read(2048)
    upload.seek(0)
    signatures = KINDS[extension]
    if signatures is None:
        if b"\0" in head or not _decodes(head):
            raise ValidationError(_("The file's content does not match its name."))
    elif not head.startswith(signatures):
        raise ValidationError(_("The file's content does not match its name."))


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False

"""What a handler may attach to a reply: documents, images and recordings of a bounded size whose content
is what their name says (a renamed program or web page is refused). Office files are opened as the
format they claim: a .docx or .xlsx must be a zip holding that format's parts (any zip starts with the
same bytes), read from the zip's directory only, never unpacked; a .doc or .xls must be an OLE2 compound
file with a sound header."""

import zipfile
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
        fits = b"\0" not in head and _decodes(head)
    else:
        structure = CONTAINERS.get(extension)
        fits = head.startswith(signatures) and (structure is None or structure(upload, head))
    if not fits:
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


# The parts every file of an Office Open XML kind holds (ECMA-376 part 2, Open Packaging Conventions).
OOXML_PARTS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
# What the parts may claim to unpack to: a zip bomb claims far more (nothing is unpacked here, but those
# who download the file would).
OOXML_MAX_UNPACKED = 1 << 30
OOXML_MAX_MEMBERS = 10_000


def _ooxml(parts):
    def check(upload, head: bytes) -> bool:
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.infolist()  # the central directory only
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return False
        finally:
            upload.seek(0)
        names = {member.filename for member in members}
        return (
            len(members) <= OOXML_MAX_MEMBERS
            and sum(member.file_size for member in members) <= OOXML_MAX_UNPACKED
            and all(part in names for part in parts)
        )

    return check


def _ole2(upload, head: bytes) -> bool:
    """An OLE2 compound file header (MS-CFB 2.2): little-endian byte order mark, version 3 with
    512-byte sectors or version 4 with 4096-byte sectors."""
    if len(head) < 512:
        return False
    version, byte_order, sector_shift = head[26:28], head[28:30], head[30:32]
    return byte_order == b"\xfe\xff" and (version, sector_shift) in (
        (b"\x03\x00", b"\x09\x00"),
        (b"\x04\x00", b"\x0c\x00"),
    )


CONTAINERS = {**{kind: _ooxml(parts) for kind, parts in OOXML_PARTS.items()}, "doc": _ole2, "xls": _ole2}

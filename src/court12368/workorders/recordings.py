"""Call and voicemail recordings, played in the browser to those who may read the order.

An order's recordings are its calls' (``hotline.Call.recording_ref``, reached through the ``calls``
relation the call declares, so this room imports nothing above it). The voice line stores an absolute
path under ``settings.RECORDINGS_DIR``; an agent may type a reference relative to it. Only a file that
resolves inside that folder is served (no traversal, no symlink out); the page shows no server path.
Every play request is audited, and the audio is never cached.
"""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

from court12368.core import access, audit

log = logging.getLogger(__name__)

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg"}
CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Orders logged before recordings were played here carry the file's server path in their summary.
_PATH_IN_SUMMARY = re.compile(r"^(录音：)(/\S.*)$", re.MULTILINE)


def folder() -> Path:
    return Path(settings.RECORDINGS_DIR).resolve()


def resolve(reference: str) -> Path | None:
    """The recording's file when ``reference`` names an audio file inside the recordings folder."""
    if not reference or "\0" in reference:
        return None
    root = folder()
    path = (root / reference).resolve()  # an absolute reference replaces the root; resolve() follows links
    if not path.is_relative_to(root) or path.suffix.lower() not in AUDIO_TYPES or not path.is_file():
        return None
    return path


def summary_reference(reference: str) -> str:
    """How the order's summary names a recording: the file's name, never the server's path to it."""
    return Path(reference).name if reference.startswith("/") else reference


def without_server_paths(summary: str) -> str:
    return _PATH_IN_SUMMARY.sub(lambda m: m.group(1) + Path(m.group(2)).name, summary)


def of_order(order) -> list[dict]:
    """The order's calls with a recording: playable ones get a player, others their typed reference
    (an outside recorder's number), or a note that the file is gone (retention, another data dir)."""
    rows = []
    for call in order.calls.exclude(recording_ref="").order_by("rang_at", "pk"):
        playable = resolve(call.recording_ref) is not None
        typed = "" if playable or "/" in call.recording_ref else call.recording_ref
        rows.append({"call": call, "playable": playable, "reference": typed})
    return rows


@login_required
def play(request, number, pk):
    """Stream one recording of an order the user may read (a single byte range when asked)."""
    order = access.get_or_404(request.user, "order.read", number=number)
    reference = order.calls.filter(pk=pk).values_list("recording_ref", flat=True).first()
    path = resolve(reference or "")
    if path is None:
        if reference:
            log.warning("recording of call %s refused: not an audio file in the recordings folder", pk)
        raise Http404
    asked = request.headers.get("Range", "")
    audit.record(
        "recording_played", channel="console", actor=request.user, subject=order,
        ip=audit.client_ip(request), call=pk, range=asked[:40],
    )  # fmt: skip
    content_type = AUDIO_TYPES[path.suffix.lower()]
    response = _ranged(path, asked, content_type) or FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = "inline"
    return response


def _ranged(path: Path, asked: str, content_type: str) -> HttpResponse | None:
    """A 206 for one satisfiable ``bytes=`` range, a 416 for an unsatisfiable one; None for the whole
    file (no range, or several ranges, which players do not ask for)."""
    match = _RANGE.match(asked.strip())
    if not match or match.groups() == ("", ""):
        return None
    size = path.stat().st_size
    first, last = match.groups()
    if first:
        start, end = int(first), (min(int(last), size - 1) if last else size - 1)
    else:  # the final N bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    length = end - start + 1
    response = StreamingHttpResponse(_chunks(path, start, length), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    return response


def _chunks(path: Path, start: int, length: int):
    with path.open("rb") as audio:
        audio.seek(start)
        while length > 0:
            chunk = audio.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk

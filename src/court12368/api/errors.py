"""django-ninja's exceptions in the platform's error shape (``court12368.core.errors``), with precise
messages; and the limits the API puts on what clients send."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from court12368.core.errors import error_response

# The largest id or cursor a client may send: both databases store 64-bit integers.
MAX_ID = 2**63 - 1
# What django-ninja says, untranslated, of a body it cannot parse (a form sent to a JSON endpoint).
NINJA_PARSE_ERROR = "Cannot parse request body"


def _field_of(location: tuple) -> str | None:
    # Ninja reports ("body", "payload", "name"); callers only care about the field path.
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or None


def install_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc):
        details = [
            {"field": _field_of(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors
        ]
        return error_response(422, details=details)

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return error_response(401)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        message = str(exc) or None
        if exc.status_code == 400 and (message or "").startswith(NINJA_PARSE_ERROR):  # ninja's, in English
            message = _(
                "The request body could not be read: send JSON in UTF-8 (Content-Type: application/json)."
            )
        return error_response(exc.status_code, message)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return error_response(403, str(exc) or None)

    @api.exception_handler(DjangoValidationError)
    def on_domain_validation(request, exc):
        if hasattr(exc, "message_dict"):
            details = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            details = [{"field": None, "message": m} for m in exc.messages]
        return error_response(422, details=details)

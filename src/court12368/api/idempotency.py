"""Idempotency keys for POSTs that create things: the same key and body give the first answer again."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from court12368.api.models import IdempotentResponse


def _fingerprint(request, payload: dict) -> str:
    raw = json.dumps([request.path, payload], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def once(request, payload: dict, create) -> tuple[int, dict]:
    """Run ``create() -> (status, body)`` once per (client, Idempotency-Key); without a key, every time."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return create()
    if len(key) > 100:
        raise HttpError(400, _("An Idempotency-Key has at most 100 characters."))
    client = request.api_client
    fingerprint = _fingerprint(request, payload)
    earlier = IdempotentResponse.objects.filter(client=client, key=key).first()
    if earlier is None:
        try:
            with transaction.atomic():
                status, body = create()
                IdempotentResponse.objects.create(
                    client=client, key=key, fingerprint=fingerprint, status=status, body=body
                )
                return status, body
        except IntegrityError:  # a concurrent retry with the same key won; ours was rolled back
            earlier = IdempotentResponse.objects.get(client=client, key=key)
    if earlier.fingerprint != fingerprint:
        raise HttpError(409, _("This Idempotency-Key was already used for a different request."))
    return earlier.status, earlier.body

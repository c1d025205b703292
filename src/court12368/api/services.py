import secrets

from django.db import transaction

from court12368.api.models import ApiClient
from court12368.core import audit
from court12368.core.hashing import keyed_hash


def token_digest(token: str) -> str:
    return keyed_hash("api-token", token)


@transaction.atomic
def create_client(
    *, name: str, court, scopes: list[str], expires_at=None, actor=None, ip=None, channel: str = "system"
) -> tuple[ApiClient, str]:
    """A new client and its token; the token is returned once and never stored in clear (nor audited)."""
    token = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        court=court,
        scopes=scopes,
        expires_at=expires_at,
        token_digest=token_digest(token),
        token_hint=token[-4:],
    )
    audit.record(
        "api_client.created", channel=channel, actor=actor, subject=client, ip=ip,
        name=name, scopes=list(scopes), expires_at=expires_at.isoformat() if expires_at else None,
    )  # fmt: skip
    return client, token


@transaction.atomic
def revoke(client: ApiClient, *, actor=None, ip=None, channel: str = "system") -> None:
    client.is_active = False
    client.save(update_fields=["is_active"])
    audit.record("api_client.revoked", channel=channel, actor=actor, subject=client, ip=ip, name=client.name)

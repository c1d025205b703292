from ninja.security import HttpBearer

from court12368.api.models import ApiClient
from court12368.api.services import token_digest


class ClientToken(HttpBearer):
    """``Authorization: Bearer <token>`` of an active, unexpired API client having ``scope``."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        client = ApiClient.objects.select_related("court").filter(token_digest=token_digest(token)).first()
        if client is None or not client.usable or self.scope not in client.scopes:
            return None
        request.api_client = client
        return client

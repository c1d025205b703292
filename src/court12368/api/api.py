"""The open API, versioned under /api/v1. Routers stay thin: they validate and call services/queries."""

from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.security import django_auth

import court12368
from court12368.api.appointments import router as appointments_router
from court12368.api.cases import router as cases_router
from court12368.api.errors import install_handlers
from court12368.api.knowledge import router as knowledge_router
from court12368.api.requests import router as requests_router
from court12368.api.sync import router as sync_router
from court12368.api.tools import router as tools_router
from court12368.core.errors import ErrorOut
from court12368.core.health import readiness
from court12368.courts.models import Court, CourtLevel


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # readable Chinese on the wire, still valid UTF-8 JSON


class CourtAPI(NinjaAPI):
    """Declares in the schema the errors every operation can give: a body that is not JSON (400) and
    input that fails validation (422), both in the one error shape, and a request line too long (414)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault(
            "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for defs_name, definition in schemas["ErrorOut"].pop("$defs", {}).items():
            schemas.setdefault(defs_name, definition)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status in ("400", "422"):
                    operation["responses"].setdefault(status, error)
                # The production server (gunicorn) refuses a request line over 4 KB before we see it.
                operation["responses"].setdefault("414", {"description": "Request line too long"})
        return schema


api = CourtAPI(
    renderer=ChineseJSONRenderer(),
    title="court12368 API",
    version="1",
    description="12368 litigation service platform: open API for portals, apps and court systems.",
    urls_namespace="api-v1",
)
install_handlers(api)

COMMON_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class HealthOut(Schema):
    status: str
    version: str


class CourtOut(Schema):
    code: str
    name: str
    level: CourtLevel
    parent_code: str | None
    area_code: str
    hotline: str
    address: str

    @staticmethod
    def resolve_parent_code(court: Court) -> str | None:
        return court.parent.code if court.parent_id else None


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    court_code: str | None

    @staticmethod
    def resolve_court_code(staff) -> str | None:
        return staff.court.code if staff.court_id else None


@api.get("/health", response={200: HealthOut}, tags=["system"], summary="Liveness check")
def health(request):
    return {"status": "ok", "version": court12368.__version__}


class ReadyOut(Schema):
    status: str
    checks: dict[str, str]
    seconds: float
    sweepers: dict | None = None
    voice_line: str | None = Field(
        None, description='"ok", or why the voice line on this data dir takes no calls (it cannot speak)'
    )


@api.get(
    "/ready",
    response={200: ReadyOut, 503: ReadyOut},
    tags=["system"],
    summary="Readiness for a load balancer",
)
def ready(request):
    """200 when this process can take requests (database, migrations, a writable data dir), else 503."""
    is_ready, report = readiness()
    return Status(200 if is_ready else 503, report)


class BoundedPagination(LimitOffsetPagination):
    """limit 1–500 and offset below a million: a number the database cannot hold is a 422, not a 500."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


courts = Router(tags=["courts"])


@courts.get("", response={200: list[CourtOut], **COMMON_ERRORS}, summary="List courts, a page at a time")
@paginate(BoundedPagination)
def list_courts(request, level: CourtLevel | None = None, parent: str | None = None):
    """``limit`` (default 100) and ``offset``; the answer is ``{"items": [...], "count": total}``."""
    queryset = Court.objects.filter(is_active=True).select_related("parent").order_by("code")
    if level:
        queryset = queryset.filter(level=level)
    if parent:
        queryset = queryset.filter(parent__code=parent)
    return queryset


@courts.get("/{code}", response={200: CourtOut, **COMMON_ERRORS}, summary="One court by its court code")
def get_court(request, code: str):
    return get_object_or_404(Court.objects.select_related("parent"), code=code, is_active=True)


api.add_router("/courts", courts)


api.add_router("/tools", tools_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/sync", sync_router)
api.add_router("/cases", cases_router)
api.add_router("/appointments", appointments_router)
api.add_router("", requests_router)


@api.get(
    "/me",
    auth=django_auth,
    response={200: MeOut, 401: ErrorOut},
    tags=["system"],
    summary="The signed-in staff member",
)
def me(request):
    return request.user

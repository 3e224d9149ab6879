"""The one API: django-ninja, OpenAPI at /api/v1/openapi.json. Apps contribute routers."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from driehoek.organisations.api import router as organisations_router
from driehoek.publication.api import router as publication_router

api = NinjaAPI(
    title="Driehoek open data API",
    version="1",
    description=(
        "Read-only open data: organisations in the driehoek (gemeenten, woningcorporaties, "
        "huurdersorganisaties), regions, and what the parties published. Errors are JSON with a "
        "`detail` message in Dutch; validation errors (422) also list `errors` per parameter."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


def _describe(error: dict) -> str:
    """A Dutch sentence for one pydantic validation error."""
    loc = [str(p) for p in error.get("loc", []) if p not in ("query", "path", "body")]
    name = ".".join(loc) or "verzoek"
    ctx = error.get("ctx", {})
    kind = error.get("type", "")
    if "expected" in ctx:
        options = str(ctx["expected"]).replace(" or ", " of ")
        return f"Ongeldige waarde voor '{name}': kies uit {options}."
    if kind == "less_than_equal":
        return f"'{name}' mag hoogstens {ctx.get('le')} zijn."
    if kind == "greater_than_equal":
        return f"'{name}' moet minstens {ctx.get('ge')} zijn."
    if kind.startswith("int"):
        return f"'{name}' moet een geheel getal zijn."
    if kind.startswith("bool"):
        return f"'{name}' moet true of false zijn."
    if kind.startswith("date"):
        return f"'{name}' moet een datum zijn (JJJJ-MM-DD)."
    if kind == "string_too_long":
        return f"'{name}' is te lang (hoogstens {ctx.get('max_length')} tekens)."
    if kind == "missing":
        return f"'{name}' ontbreekt."
    return f"Ongeldige waarde voor '{name}'."


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"parameter": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": _describe(e)}
        for e in exc.errors
    ]
    detail = " ".join(e["message"] for e in errors) or "Ongeldig verzoek."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Niet gevonden."}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("/", organisations_router)
api.add_router("/", publication_router)

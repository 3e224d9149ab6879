"""The one API: django-ninja, OpenAPI at /api/v1/openapi.json. Apps contribute routers."""

from ninja import NinjaAPI

from driehoek.organisations.api import router as organisations_router

api = NinjaAPI(
    title="Driehoek open data API",
    version="1",
    description=(
        "Read-only open data: organisations in the driehoek (gemeenten, woningcorporaties, "
        "huurdersorganisaties), regions, and what the parties published."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", organisations_router)

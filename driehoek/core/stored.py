"""Stored answers (issue 14): public pages and open-data answers, kept whole in the shared cache
per (path with query, language, role, day, data version) and served from those bytes while
nothing changed. A matching ETag or If-Modified-Since gets a 304 after one primary-key read (the
data version) and one cache read.

What is stored: a GET under ``DRIEHOEK_STORED_PREFIXES`` (``/openbaar/`` and ``/api/v1/``) from a
visitor without a session or messages cookie (so: not signed in, and no one-time message waiting),
answered 200, not streamed, without cookies of its own, at most ``MAX_BYTES``. Everything else
passes through untouched.

The CSRF token is punched out: while a stored answer is rendered, the ``csrf_token`` template
variable is a marker (``csrf_marker`` context processor), and each visitor's own token is put in
its place when the bytes are served, so the language switch keeps working for everyone.

The day is in the key because public pages judge lateness against today. The data version is in
the key, so an entry is never older than the last write: the timeout only bounds how long an
unused entry is kept."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe

from . import dataversion
from .schemas import CACHE_CONTROL

MARKER = "dh-stored-csrf-0f5c2a"
MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 3600
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Content-Language")
# What the open-data API documents for its answers.
PUBLIC_CACHE_CONTROL = CACHE_CONTROL
# Answers that do not depend on the data (the API's own description).
NOT_STORED = ("/api/v1/openapi.json", "/api/v1/docs")


def _no_extra() -> str:
    return ""


# Tests replace this (conftest.py) so that rows made with factories, outside the services, are
# visible on the next request as they were before answers were stored.
key_extra = _no_extra


def csrf_marker(request) -> dict:
    """Context processor: the marker instead of the token while a stored answer is made."""
    return {"csrf_token": MARKER} if getattr(request, "_dh_storing", False) else {}


def _storable_request(request) -> bool:
    if request.method != "GET":
        return False
    if not request.path.startswith(tuple(settings.DRIEHOEK_STORED_PREFIXES)):
        return False
    if request.path.startswith(NOT_STORED):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request, version: dataversion.Version) -> str:
    parts = [
        request.get_full_path(),
        translation.get_language() or "",
        "anonymous",
        timezone.localdate().isoformat(),
        version.token,
        key_extra(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _validators(etag: str, version: dataversion.Version) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": PUBLIC_CACHE_CONTROL}
    if version.changed_at is not None:
        headers["Last-Modified"] = http_date(version.changed_at.timestamp())
    return headers


def client_is_current(request, etag: str, version: dataversion.Version) -> bool:
    """The client's If-None-Match (or, without it, If-Modified-Since) says it has this answer."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("If-Modified-Since")
    if since and version.changed_at is not None:
        stamp = parse_http_date_safe(since)
        return stamp is not None and int(version.changed_at.timestamp()) <= stamp
    return False


def version_of(request) -> dataversion.Version:
    """The data version this request was answered at: the one the middleware read, else now."""
    version = getattr(request, "_dh_version", None)
    if version is None:
        version = request._dh_version = dataversion.current()
    return version


def _with_token(request, content: bytes) -> bytes:
    if MARKER.encode() not in content:
        return content
    return content.replace(MARKER.encode(), get_token(request).encode())


class StoredAnswerMiddleware:
    """Place after the authentication, CSRF, language and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _storable_request(request):
            return self.get_response(request)
        version = dataversion.current()
        request._dh_version = version  # read once per request (see version_of)
        key = _key(request, version)
        etag = f'"{key[:32]}"'
        validators = _validators(etag, version)
        # A stored answer means this path and query answered 200 at this version, so a client
        # that has it gets a 304 (an invalid query is never stored: it reaches the view and its
        # 4xx). The small "known" entry answers that without reading the stored bytes.
        if client_is_current(request, etag, version) and cache.get("stored-known:" + key):
            not_modified = HttpResponseNotModified()
            for name, value in validators.items():
                not_modified[name] = value
            return not_modified
        stored = cache.get("stored:" + key)
        if stored is not None:
            status, headers, content = stored
            answer = HttpResponse(_with_token(request, content), status=status)
            for name, value in {**validators, **headers, "ETag": etag}.items():
                answer[name] = value
            answer["X-Driehoek-Stored"] = "hit"
            return answer
        request._dh_storing = True
        response = self.get_response(request)
        request._dh_storing = False
        storable = (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= MAX_BYTES
        )
        if not storable:
            if not response.streaming and MARKER.encode() in response.content:
                response.content = _with_token(request, response.content)
            return response
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        headers.setdefault("Cache-Control", PUBLIC_CACHE_CONTROL)
        cache.set_many(
            {
                "stored:" + key: (response.status_code, headers, response.content),
                "stored-known:" + key: 1,
            },
            TIMEOUT,
        )
        response.content = _with_token(request, response.content)
        for name, value in {**validators, **headers, "ETag": etag}.items():
            response[name] = value
        response["X-Driehoek-Stored"] = "miss"
        return response

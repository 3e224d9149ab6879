"""Test helpers shared by the apps' tests (imported only from tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass
class UrlCase:
    """One URL in the authorization walk.

    ``expect`` maps a persona (anonymous, outsider, viewer, editor, signatory, admin, staff) to the
    HTTP status it must get; ``"*"`` is the default for personas not named. ``method`` is GET
    unless said otherwise; a POST case sends ``data`` (and must not change anything the other
    cases rely on: use a throwaway object, or expect refusals only).
    """

    name: str
    kwargs: dict = field(default_factory=dict)
    expect: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    data: dict | None = None
    query: str = ""

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.expect.get("*", 200))


def axe_serious(results: dict) -> list[str]:
    """Serious or critical violations in an axe-core result, as readable lines."""
    lines = []
    for v in results.get("violations", []):
        if v.get("impact") in ("serious", "critical"):
            targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return lines


OFFICE_CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def office_file(kind: str, *, bomb_mb: int = 0, parts: int = 0) -> bytes:
    """A minimal zip-based document of ``kind`` (docx/xlsx/pptx/odt/ods/odp), as the upload
    validator recognises it; ``bomb_mb`` adds a member of that many MB of zeros (packed to KB),
    ``parts`` that many tiny members."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if kind in ODF_MIMETYPES:
            zf.writestr("mimetype", ODF_MIMETYPES[kind], compress_type=zipfile.ZIP_STORED)
            zf.writestr("content.xml", "<office:document-content/>")
        else:
            zf.writestr(
                "[Content_Types].xml",
                '<Types><Override PartName="/main.xml" ContentType="'
                + OFFICE_CONTENT_TYPES[kind]
                + '"/></Types>',
            )
            zf.writestr("main.xml", "<document/>")
        for i in range(parts):
            zf.writestr(f"part{i}.xml", "<p/>")
        if bomb_mb:
            info = zipfile.ZipInfo("media/filler.bin")
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as f:
                block = b"\0" * (1024 * 1024)
                for _ in range(bomb_mb):
                    f.write(block)
    return buf.getvalue()


def amsterdam(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A tz-aware moment on the Dutch wall clock (CET/CEST), for fixed-clock tests."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


class Clock:
    """A fixed clock for tests (time-machine underneath; patches the whole process, so a live
    server thread sees the same time). ``clock.travel_to(moment)`` moves it; with ``tick`` the
    clock runs on from there (needed when something waits for time to pass, e.g. Playwright)."""

    def __init__(self):
        self._traveller = None
        self.now: datetime | None = None

    def travel_to(self, moment: datetime | str, *, tick: bool = False) -> datetime:
        import time_machine

        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=AMSTERDAM)
        self.stop()
        self._traveller = time_machine.travel(moment, tick=tick)
        self._traveller.start()
        self.now = moment
        return moment

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None

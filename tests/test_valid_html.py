"""Key pages are valid HTML: rendered through Django's test client and checked by the Nu HTML
Checker (vnu.jar), all pages in one Java run. vnu.jar comes from the npm package vnu-jar, which
`make test` and `make setup` install from package-lock.json (`npm ci`); this test only reads it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Every error the Nu HTML Checker finds in ``pages`` (name → HTML), as readable lines."""
    if not VNU.exists():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run 'make test' (or 'npm ci') first")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: apt-get install default-jre-headless")
    files, paths = {}, []
    for number, (name, html) in enumerate(pages.items()):
        path = (folder / f"{number:02d}.html").resolve()
        path.write_text(html, encoding="utf-8")
        files[f"file:{path}"] = name  # how vnu names a file it checked
        paths.append(str(path))
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout)
    problems = []
    for message in report["messages"]:
        url = message.get("url", "")
        name = files.get(url, url)
        problems.append(
            f"{name}, line {message.get('lastLine', '?')}: {message['message']}\n"
            f"    {message.get('extract', '').strip()}"
        )
    assert run.returncode in (0, 1), run.stderr
    return problems


def test_the_checker_finds_an_error(tmp_path):
    """The check can fail: a bare hx- attribute and an unclosed element are reported."""
    page = (
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head>'
        '<body><p hx-get="/">a</p><span><div>b</div></span></body></html>'
    )
    problems = vnu_errors({"broken": page}, tmp_path)
    assert any("hx-get" in p for p in problems), problems
    assert all(p.startswith("broken, line 1") for p in problems), problems


@pytest.mark.django_db
def test_key_pages_are_valid_html(world, client_for, tmp_path):
    from driehoek.agreements.tests.factories import make_agreement
    from driehoek.community.tests.factories import CommunityFactory, MeetingFactory, SeatFactory
    from driehoek.monitoring.tests.factories import make_agreement as concluded_agreement
    from driehoek.publication.tests.factories import published

    public = published(gemeente=world.gemeente, others=[world.corporatie, world.huurders])
    workspace = make_agreement(world)
    community = CommunityFactory(slug="cop-html")
    meeting = MeetingFactory(community=community)
    SeatFactory(meeting=meeting, registration__community=community)
    monitored = concluded_agreement(world.gemeente, world.corporatie, world.huurders)
    anonymous = client_for(None)
    member = client_for(world.users["editor"])
    reporter = client_for(world.member(world.corporatie, "editor"))
    staff = client_for(world.users["staff"])

    requests = {
        "home": (anonymous, "/"),
        "public agreements": (anonymous, "/openbaar/"),
        "public agreement": (anonymous, f"/openbaar/afspraken/{public.uuid}/"),
        "open data": (anonymous, "/openbaar/open-data/"),
        "CoP series": (anonymous, f"/community/{community.slug}/"),
        "CoP sign-up form": (anonymous, f"/community/{community.slug}/aanmelden/"),
        "login": (anonymous, "/account/inloggen/"),
        "werkplek": (member, "/afspraken/"),
        "agreement workspace": (member, f"/afspraken/{workspace.uuid}/"),
        # Pages with htmx attributes (data-hx-*).
        "organisations": (anonymous, "/organisaties/"),
        "meeting check-in": (
            staff,
            f"/community/{community.slug}/beheer/bijeenkomst/{meeting.uuid}/",
        ),
        "progress import": (reporter, f"/monitoring/afspraak/{monitored.uuid}/importeren/"),
    }
    pages = {}
    for name, (client, path) in requests.items():
        response = client.get(path)
        assert response.status_code == 200, f"{name}: {path} gave {response.status_code}"
        pages[name] = response.content.decode()
    # A form with errors: the error summary and the messages next to the fields.
    response = anonymous.post(f"/community/{community.slug}/aanmelden/", {"email": "geen adres"})
    assert response.status_code == 400 and "data-dh-error-summary" in response.content.decode()
    pages["CoP sign-up form with errors"] = response.content.decode()

    problems = vnu_errors(pages, tmp_path)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)

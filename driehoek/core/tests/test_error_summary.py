"""Every form, submitted empty, shows an error summary (GOV.UK / NL Design System pattern).

The walk reuses the URL list of the authorization walk (``tests/test_authorization.py``): each
page is opened by the persona most likely to see its forms, and every POST form on it with a
required field is sent back empty (hidden fields keep their value, the CSRF token is checked).
The answer (200, or 400 as most views answer a form with errors) must re-render the form with the page title starting "Fout:" and an error summary
whose links point to fields on that page; and nothing may be saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve

from tests.test_authorization import case_url, collect_cases, user_for

# Who opens a page: the first persona in this order that the walk lets in (a member with every
# right sees the most forms; staff and anonymous see the forms only they have).
OPENERS = ["admin", "signatory", "editor", "staff", "viewer", "outsider", "anonymous"]
# Forms in the header and footer of every page, not part of the page's own task.
SITE_FORMS = ("/i18n/setlang/", "/account/uitloggen/")
MIN_FORMS = 15
# One-choice row actions in a list, checked by the browser (required radio, no novalidate):
# an empty decision goes back to the list with a message, there is no form page to show again.
ROW_ACTIONS = {"organisations:decide"}


@dataclass
class Form:
    action: str
    fields: list[tuple[str, dict]] = field(default_factory=list)

    def required(self) -> list[dict]:
        """The required fields, one per name (a group of radios: its first option)."""
        by_name: dict[str, dict] = {}
        for tag, a in self.fields:
            if "required" in a and a.get("type") != "hidden" and tag != "button":
                by_name.setdefault(a.get("name", ""), a)
        return list(by_name.values())

    def empty_data(self) -> dict[str, str]:
        """What a browser sends when nothing is filled in and the first submit button is
        pressed: the hidden fields and that button's name and value."""
        data = {
            a["name"]: a.get("value", "")
            for tag, a in self.fields
            if tag == "input" and a.get("type") == "hidden" and a.get("name")
        }
        submit = next(
            (
                a
                for tag, a in self.fields
                if tag == "button" and a.get("type", "submit") == "submit"
            ),
            None,
        )
        if submit and submit.get("name"):
            data[submit["name"]] = submit.get("value", "")
        return data


class Page(HTMLParser):
    """The parts of a page this test reads: title, ids, POST forms, the error summary."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.ids: set[str] = set()
        self.forms: list[Form] = []
        self.summaries: list[dict] = []
        self.summary_links: list[str] = []
        self._form: Form | None = None
        self._in_title = False
        self._summary_divs = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "title":
            self._in_title = True
        elif tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form(action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button"):
            self._form.fields.append((tag, a))
        if tag == "div" and self._summary_divs:
            self._summary_divs += 1
        elif tag == "div" and "dh-errorsummary" in a.get("class", "").split():
            self.summaries.append(a)
            self._summary_divs = 1
        if tag == "a" and self._summary_divs:
            self.summary_links.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "form":
            self._form = None
        elif tag == "div" and self._summary_divs:
            self._summary_divs -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def row_counts() -> dict[str, int]:
    """Rows per model of the project's own apps and of the user model."""
    models = [m for m in apps.get_models() if m.__module__.startswith("driehoek.")]
    return {m._meta.label: m._default_manager.count() for m in models}


def opener(case) -> str | None:
    return next((p for p in OPENERS if case.status_for(p) == 200), None)


def task_forms(page: Page) -> list[Form]:
    return [f for f in page.forms if f.action not in SITE_FORMS and f.required()]


def check_failed_submit(response, form: Form, before: dict[str, int]) -> list[str]:
    """What is wrong with the answer to an empty submit of ``form`` (empty: all is well)."""
    problems = []
    # The project answers a form with errors with 400 (Bad Request) or 200: both re-render it.
    if response.status_code not in (200, 400):
        return [f"status {response.status_code}"]
    page = Page(response.content.decode())
    names = {a.get("name") for a in form.required()}
    again = [f for f in page.forms if names & {a.get("name") for a in f.required()}]
    if not again:
        return [*problems, "the form is not shown again"]
    if not page.title.strip().startswith("Fout:"):
        problems.append(f"title {page.title.strip()!r} does not start with 'Fout:'")
    if not page.summaries:
        return [*problems, "no error summary"]
    summary = page.summaries[0]
    if summary.get("role") != "alert" or summary.get("tabindex") != "-1":
        problems.append(f"summary without role=alert and tabindex=-1: {summary}")
    targets = [href[1:] for href in page.summary_links if href.startswith("#")]
    if not targets:
        problems.append("summary links to no field")
    problems += [f"link #{t} has no target" for t in targets if t not in page.ids]
    problems += [f"link #{t} is not a field" for t in targets if not t.startswith("id_")]
    # Every required field left empty is listed (radios link to their first option); the ids
    # are read from the form as shown again (a form in a page may use other ids).
    for attrs in again[0].required():
        field_id = attrs.get("id", "")
        if attrs.get("name") in names and field_id and field_id not in targets:
            problems.append(f"required field {attrs.get('name')} ({field_id}) not in the summary")
    after = row_counts()
    problems += [
        f"{label}: {before[label]} -> {after[label]} rows"
        for label in before
        if after[label] != before[label]
    ]
    return problems


@pytest.mark.django_db
def test_every_form_submitted_empty_shows_an_error_summary(world):
    failures: list[str] = []
    submitted: set[tuple[str, tuple[str, ...]]] = set()
    for case in collect_cases(world):
        persona = opener(case) if case.method == "get" else None
        if persona is None:
            continue
        url = case_url(case)
        client = Client(enforce_csrf_checks=True)
        if (user := user_for(world, persona)) is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in task_forms(Page(response.content.decode())):
            action = form.action or url.split("?")[0]
            if resolve(action).view_name in ROW_ACTIONS:
                continue
            key = (action, tuple(sorted(a.get("name", "") for a in form.required())))
            if key in submitted:
                continue
            submitted.add(key)
            before = row_counts()
            answer = client.post(action, form.empty_data())
            for problem in check_failed_submit(answer, form, before):
                failures.append(f"{action} (from {url} as {persona}): {problem}")
    assert len(submitted) >= MIN_FORMS, f"only {len(submitted)} forms found: {sorted(submitted)}"
    assert not failures, f"{len(failures)} problems in {len(submitted)} forms:\n" + "\n".join(
        failures
    )


@pytest.mark.django_db
def test_a_summary_without_a_target_is_caught():
    """The check fails on a page whose summary links to a field that is not there."""
    html = (
        "<title>Fout: Aanmelden</title><div class='dh-errorsummary' role='alert' tabindex='-1'>"
        "<ul><li><a href='#id_name'>Naam</a></li></ul></div>"
        "<form method='post'><input name='email' id='id_email' required></form>"
    )

    class Answer:
        status_code = 200
        content = html.encode()

    form = Form(
        action="/x/", fields=[("input", {"name": "email", "id": "id_email", "required": ""})]
    )
    problems = check_failed_submit(Answer(), form, {})
    assert "link #id_name has no target" in problems
    assert "required field email (id_email) not in the summary" in problems

"""Shared steps of the "no lost update" tests: two editors load the same edit form over
HTTP, A saves, then B saves with the version B loaded."""

from __future__ import annotations

import html
from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """The values a browser would post from each POST form of the page (csrf left out: the
    test client does not check it)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea = self._select = None
        self._option_value = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.data = {}
            self.forms.append(self.data)
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value") or "on")
            elif kind not in ("submit", "button", "file"):
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                value = self.data[self._textarea][-1]
                self.data[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def form_data(page: str) -> dict[str, list[str]]:
    """The edit form of the page: the POST form with a ``version`` field (else the last)."""
    parser = _FormFields()
    parser.feed(page)
    versioned = [f for f in parser.forms if "version" in f]
    return (versioned or parser.forms or [{}])[-1]


def two_editors_save(client_a, client_b, url: str, field: str, a_value: str, b_value: str):
    """GET the form as A and as B; A posts ``a_value``, then B posts ``b_value`` with the
    version B loaded. Returns (A's response, B's response, B's loaded form data)."""
    page_a = client_a.get(url)
    page_b = client_b.get(url)
    assert page_a.status_code == page_b.status_code == 200
    data_a = form_data(page_a.content.decode())
    data_b = form_data(page_b.content.decode())
    assert data_a["version"] == data_b["version"] != [""], "the form carries its version"
    data_a[field] = [a_value]
    response_a = client_a.post(url, data_a)
    assert response_a.status_code == 302, response_a.content.decode()[:3000]
    data_b[field] = [b_value]
    response_b = client_b.post(url, data_b)
    return response_a, response_b, data_b


def assert_refused_keeping_typed(response, *, label: str, theirs: str, typed: str, loaded: str):
    """409, the Dutch message naming the other editor's value, B's text still in the form and
    the hidden version moved on to the current one."""
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Iemand anders heeft dit intussen gewijzigd. Dit is nu opgeslagen:" in page
    assert f"{label}: {theirs}" in page
    typed_back = form_data(response.content.decode())
    assert any(typed in v for values in typed_back.values() for v in values)
    version = form_data(response.content.decode())["version"]
    assert version != [loaded] and int(version[0]) > int(loaded)

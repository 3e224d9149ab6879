"""Mixed traffic for `bench/load.py` (make load): anonymous visitors on the public pages and
the open data API, and logged-in demo users (non-staff, password ``driehoek-demo``) on their
workplace. Each logged-in user signs in once, through the form with its CSRF token, and then
only reads: the login is never hammered (failed logins are throttled).

Requests are named by group (``public: …``, ``api: …``, ``user: …``) so the statistics come per
group. 5xx answers are counted per group and written to ``$LOAD_5XX_FILE`` at the end.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections import Counter

from locust import HttpUser, between, events, task

PASSWORD = "driehoek-demo"  # noqa: S105 (the published demo password)
DOMAIN = "demo.driehoek.test"
ORGS = ["gemeente", "corporatie", "corporatie2", "huurders"]
ROLES = ["kijker", "redacteur", "ondertekenaar", "beheerder"]
DEMO_USERS = [f"{o}-{r}@{DOMAIN}" for o in ORGS for r in ROLES]
_next_user = itertools.count()

HREF = re.compile(r'href="(/[^"#?]*)"')
SKIP = re.compile(r"(uitloggen|\.pdf$|\.xlsx$|\.zip$|\.csv$|/export|/bewerken|/wijzigen|/nieuw)")
SERVER_ERRORS: Counter = Counter()


@events.request.add_listener
def _count_5xx(request_type, name, response_time, response_length, response=None, **kw):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS[name] += 1


@events.quitting.add_listener
def _write_5xx(environment, **kw):
    path = os.environ.get("LOAD_5XX_FILE")
    if path:
        with open(path, "w") as fh:
            json.dump(dict(SERVER_ERRORS), fh)


def _links(html: str, prefixes: tuple[str, ...]) -> list[str]:
    return sorted({h for h in HREF.findall(html) if h.startswith(prefixes) and not SKIP.search(h)})


class Visitor(HttpUser):
    """Someone from the public: home, open data pages, the organisation directory, CoP, API."""

    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        self.public_links = ["/openbaar/"]
        self.cop_links = ["/community/"]
        self.org_links = ["/organisaties/"]
        for start, attr, prefixes in (
            ("/openbaar/", "public_links", ("/openbaar/",)),
            ("/community/", "cop_links", ("/community/",)),
            ("/organisaties/?page=1", "org_links", ("/organisaties/",)),
        ):
            with self.client.get(start, name="public: start pages", catch_response=True) as r:
                if r.status_code == 200:
                    found = _links(r.text, prefixes)
                    if found:
                        setattr(self, attr, found[:60])
                    r.success()
                else:
                    r.failure(f"{start}: {r.status_code}")

    @task(2)
    def home(self):
        self.client.get("/", name="public: home")

    @task(4)
    def openbaar(self):
        self.client.get(random.choice(self.public_links), name="public: /openbaar/ pages")

    @task(2)
    def directory(self):
        q = random.choice(["", "?q=dam", "?kind=gemeente", "?kind=woningcorporatie", "?page=2"])
        self.client.get("/organisaties/" + q, name="public: organisation directory")

    @task(1)
    def organisation(self):
        self.client.get(random.choice(self.org_links), name="public: organisation pages")

    @task(2)
    def cop(self):
        self.client.get(random.choice(self.cop_links), name="public: CoP pages")

    @task(4)
    def api(self):
        path = random.choice(
            [
                "/api/v1/agreements",
                "/api/v1/commitments?page_size=20",
                "/api/v1/progress",
                "/api/v1/parties",
                "/api/v1/cycles",
                "/api/v1/organisations?kind=gemeente",
                "/api/v1/regions",
            ]
        )
        self.client.get(path, name="api: lists")


class DemoUser(HttpUser):
    """A non-staff demo user: signs in once, then reads agreements, monitoring and the own
    organisation's pages."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.email = DEMO_USERS[next(_next_user) % len(DEMO_USERS)]
        self.links = ["/afspraken/", "/monitoring/", "/organisaties/mijn/"]
        r = self.client.get("/account/inloggen/", name="user: login form")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/account/inloggen/",
            data={"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": r.url},
            name="user: login",
            catch_response=True,
            allow_redirects=False,
        ) as resp:
            if resp.status_code == 302 and "sessionid" in self.client.cookies:
                resp.success()
            else:
                resp.failure(f"login {self.email} failed: {resp.status_code}")
                return
        found = set()
        for start in ("/afspraken/", "/monitoring/", "/organisaties/mijn/"):
            page = self.client.get(start, name="user: werkplek")
            if page.status_code == 200:
                found.update(_links(page.text, ("/afspraken/", "/monitoring/", "/organisaties/")))
        if found:
            self.links = sorted(found)[:80]

    @task(3)
    def werkplek(self):
        self.client.get(
            random.choice(["/afspraken/", "/organisaties/mijn/", "/account/profiel/"]),
            name="user: werkplek",
        )

    @task(5)
    def agreement_pages(self):
        afspraken = [h for h in self.links if h.startswith("/afspraken/")] or ["/afspraken/"]
        self.client.get(random.choice(afspraken), name="user: agreement pages")

    @task(3)
    def dashboards(self):
        monitoring = [h for h in self.links if h.startswith("/monitoring/")] or ["/monitoring/"]
        self.client.get(random.choice(monitoring), name="user: dashboards")

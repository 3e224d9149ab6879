"""HEAD is answered wherever GET is.

The check itself runs inside the authorization walk (``tests/test_authorization.py``): for every
GET case, the persona that GET lets in sends HEAD too, in the same loop, and HEAD must answer
what that GET answered. This module checks which persona that is.
"""

from __future__ import annotations

from driehoek.core.testing import UrlCase
from tests.test_authorization import head_persona


def test_head_goes_to_the_first_persona_that_get_lets_in():
    assert head_persona(UrlCase("x", expect={"anonymous": 302, "*": 200})) == "outsider"
    assert head_persona(UrlCase("x", expect={"*": 200})) == "anonymous"
    edit = {"anonymous": 302, "outsider": 404, "viewer": 403, "staff": 403, "*": 200}
    assert head_persona(UrlCase("x", expect=edit)) == "editor"
    assert head_persona(UrlCase("x", expect={"staff": 200, "*": 404})) == "staff"


def test_head_goes_to_anonymous_where_get_lets_no_one_in():
    assert head_persona(UrlCase("x", expect={"*": 404})) == "anonymous"
    assert head_persona(UrlCase("x", expect={"anonymous": 302, "*": 403})) == "anonymous"

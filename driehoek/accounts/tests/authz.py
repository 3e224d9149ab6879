from driehoek.core.testing import UrlCase

LOGGED_IN_REDIRECT = {"anonymous": 200, "*": 302}
LOGIN_REQUIRED = {"anonymous": 302, "*": 200}


def url_cases(world):
    return [
        UrlCase("accounts:login", expect=LOGGED_IN_REDIRECT),
        UrlCase("accounts:logout", method="post", expect={"*": 302}),
        UrlCase("accounts:profile", expect=LOGIN_REQUIRED),
        UrlCase("accounts:password_reset"),
        UrlCase("accounts:password_reset_done"),
        UrlCase("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}),
        UrlCase("accounts:password_reset_complete"),
        # Without a password step behind it the code page sends you to the login page.
        UrlCase("accounts:two_factor_verify", expect={"*": 302}),
        UrlCase("accounts:two_factor_verify", method="post", data={"code": "1"}, expect={"*": 302}),
        # Staff and signatories (and administrators) may turn it on; staff already have it.
        UrlCase(
            "accounts:two_factor_setup",
            expect={"anonymous": 302, "viewer": 403, "editor": 403, "staff": 302, "*": 200},
        ),
        # Codes are shown once, right after set-up; otherwise back to the profile.
        UrlCase("accounts:two_factor_codes", expect={"*": 302}),
        # Only with a device; staff must keep theirs.
        UrlCase("accounts:two_factor_disable", expect={"staff": 403, "*": 302}),
        UrlCase(
            "accounts:two_factor_disable",
            method="post",
            data={"code": "000000"},
            expect={"staff": 403, "*": 302},
        ),
    ]

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
    ]

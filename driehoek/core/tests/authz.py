from driehoek.core.testing import UrlCase


def url_cases(world):
    return [
        UrlCase("core:home"),
        UrlCase("core:glossary"),
        UrlCase("core:sources"),
        UrlCase("core:accessibility"),
        UrlCase("healthz"),
        UrlCase("security_txt"),
        UrlCase("security_policy"),
    ]

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_home_explains_the_driehoek_in_dutch(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert 'lang="nl"' in html
    assert "Direct naar de inhoud" in html  # skip link
    assert "1 juli" in html and "15 december" in html


def test_english_is_one_click_away(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Skip to main content" in html


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/begrippen/", "Begrippenlijst"),
        ("/bronnen/", "Bronnen"),
        ("/toegankelijkheid/", "Toegankelijkheid"),
    ],
)
def test_static_pages(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    # Its own page: its heading inside <main> (the footer links hold the same words).
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in main


def test_glossary_explains_terms(client):
    html = client.get("/begrippen/").content.decode()
    for term in ["Woonvisie", "Bod", "Huurdersorganisatie", "Geschil", "IBW"]:
        assert term in html


def test_serving_without_a_secret_key_is_refused():
    import subprocess
    import sys

    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}
    }
    env.pop("DRIEHOEK_TESTING", None)
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr

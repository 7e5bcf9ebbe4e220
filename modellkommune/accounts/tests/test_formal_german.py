"""The town hall addresses people formally: no "du" from django-allauth's German catalogue."""

import re

import pytest

INFORMAL = re.compile(r"\b(du|dein|deine|deinen|dich|dir|gib|bestätige|kontaktiere)\b", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/logout/"])
def test_account_pages_use_sie(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    assert not INFORMAL.findall(text), INFORMAL.findall(text)


@pytest.mark.django_db
def test_password_reset_page_is_formal(client):
    page = client.get("/konto/password/reset/").content.decode()
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page

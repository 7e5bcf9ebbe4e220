"""The Sites record comes from SITE_URL and the municipality, so e-mails do not greet from "example.com"."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.core.services import municipality_upsert

pytestmark = pytest.mark.django_db


def test_migrate_replaces_djangos_example_com(settings):
    settings.SITE_URL = "https://www.iserlohn.example"
    settings.SITE_NAME = ""
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == "www.iserlohn.example"


def test_site_name_follows_the_municipality(settings):
    settings.SITE_NAME = ""
    municipality_upsert(ags="05962024", name="Iserlohn", official_name="Stadt Iserlohn", state="NRW")
    assert Site.objects.get_current().name == "Stadt Iserlohn"
    municipality_upsert(ags="05962024", name="Iserlohn", official_name="Waldstadt Iserlohn", state="NRW")
    assert Site.objects.get_current().name == "Waldstadt Iserlohn"


def test_password_reset_mail_names_the_town_not_example_com(client, settings):
    settings.SITE_URL = "https://www.iserlohn.example"
    settings.SITE_NAME = ""
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    municipality_upsert(ags="05962024", name="Iserlohn", official_name="Stadt Iserlohn", state="NRW")
    UserFactory(email="erika@example.org")
    response = client.post("/konto/password/reset/", {"email": "erika@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "example.com" not in text
    assert "Stadt Iserlohn" in text
    assert re.search(r"/konto/password/reset/key/", message.body)

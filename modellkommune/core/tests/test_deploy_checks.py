"""`manage.py check --deploy` reports every unsafe production setting (issue 11, issue 18 item 1)."""

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from modellkommune.core.checks import deploy_settings_check, trusted_proxies_check
from modellkommune.core.services import site_sync

pytestmark = pytest.mark.django_db

SAFE = {
    "DEBUG": False,
    "DEMO_PROVIDERS": False,
    "IDENTITY_PROVIDERS": [],
    "PAYMENT_PROVIDERS": [],
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "SITE_URL": "https://www.iserlohn.example",
    "ALLOWED_HOSTS": ["www.iserlohn.example"],
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x:6379/1"}},
    "CELERY_TASK_ALWAYS_EAGER": False,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "TRUSTED_PROXIES": ["127.0.0.1"],
}


@pytest.fixture
def production(settings):
    for name, value in SAFE.items():
        setattr(settings, name, value)
    site_sync()
    return settings


def _ids():
    return sorted(problem.id for problem in deploy_settings_check())


def test_a_safe_production_setup_is_clean(production):
    assert _ids() == []
    assert trusted_proxies_check() == []


def test_debug_on_is_an_error(production):
    production.DEBUG = True
    assert _ids() == ["modellkommune.E001"]


def test_demo_providers_are_an_error(production):
    production.DEMO_PROVIDERS = True
    problems = deploy_settings_check()
    assert [p.id for p in problems] == ["modellkommune.E002"]
    assert "BundID (Demo)" in problems[0].msg and "Demo-Bezahldienst" in problems[0].msg


def test_a_demo_provider_named_explicitly_is_an_error_too(production):
    production.IDENTITY_PROVIDERS = ["modellkommune.contrib.identity.demo.DemoBundIdProvider"]
    assert _ids() == ["modellkommune.E002"]


@pytest.mark.parametrize("backend", ["console", "locmem", "dummy", "filebased"])
def test_email_that_does_not_leave_the_machine_is_an_error(production, backend):
    production.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    assert _ids() == ["modellkommune.E003"]


@pytest.mark.parametrize(
    "url", ["", "http://127.0.0.1:8000", "http://www.iserlohn.example", "https://localhost", "https://example.com"]
)
def test_missing_default_or_plain_http_site_url_is_an_error(production, url):
    production.SITE_URL = url
    assert "modellkommune.E004" in _ids()


def test_example_com_site_record_is_an_error(production):
    Site.objects.filter(pk=production.SITE_ID).update(domain="example.com", name="example.com")
    assert _ids() == ["modellkommune.E005"]


def test_site_record_of_another_host_is_an_error(production):
    production.SITE_URL = "https://buergerportal.iserlohn.example"
    production.ALLOWED_HOSTS = ["buergerportal.iserlohn.example"]
    assert _ids() == ["modellkommune.E005"]
    site_sync()
    assert _ids() == []


@pytest.mark.parametrize("hosts", [[], ["*"], ["127.0.0.1", "localhost"], [".localhost"]])
def test_default_or_wildcard_allowed_hosts_are_an_error(production, hosts):
    production.ALLOWED_HOSTS = hosts
    assert _ids() == ["modellkommune.E006"]


def test_in_memory_cache_is_a_warning(production):
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert _ids() == ["modellkommune.W001"]


def test_page_cache_in_process_memory_is_an_error(production):
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    production.PAGE_CACHE_SECONDS = 120
    assert _ids() == ["modellkommune.E008", "modellkommune.W001"]
    production.PAGE_CACHE_SECONDS = production.PAGE_CACHE_LIVE_SECONDS = 0
    assert _ids() == ["modellkommune.W001"]


def test_eager_celery_is_a_warning(production):
    production.CELERY_TASK_ALWAYS_EAGER = True
    assert _ids() == ["modellkommune.W002"]


def test_tls_proxy_without_trusted_proxies_is_a_warning(production):
    production.TRUSTED_PROXIES = []
    assert _ids() == ["modellkommune.W003"]


def test_malformed_trusted_proxies_are_an_error_even_without_deploy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "nginx"]
    assert [p.id for p in trusted_proxies_check()] == ["modellkommune.E007"]


def test_check_deploy_command_fails_on_the_old_defaults(production):
    production.DEMO_PROVIDERS = True
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--deploy", "--fail-level", "ERROR")
    assert "modellkommune.E002" in str(exc.value) and "modellkommune.E003" in str(exc.value)

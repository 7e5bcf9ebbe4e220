"""`manage.py check --deploy`: an error for every setting that is unsafe in production (issue 11, 18).

Registered in CoreConfig.ready(). The deploy checks run only with `--deploy`; with DEBUG on they report just
that (a developer's machine), with DEBUG off every unsafe setting. Ids: modellkommune.E0xx / W0xx."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "example.com", "www.example.com", "testserver"}  # noqa: S104 - hosts we refuse, not bind to
UNSAFE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "console",
    "django.core.mail.backends.locmem.EmailBackend": "locmem",
    "django.core.mail.backends.dummy.EmailBackend": "dummy",
    "django.core.mail.backends.filebased.EmailBackend": "filebased",
}
IN_MEMORY_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _demo_providers() -> list[str]:
    from modellkommune.contrib.identity import provider_list as identity_providers
    from modellkommune.contrib.payment import provider_list as payment_providers

    return [str(p.label) for p in [*identity_providers(), *payment_providers()] if p.is_demo]


def _site_domain_problem() -> str | None:
    from django.contrib.sites.models import Site

    expected = urlsplit(settings.SITE_URL).netloc
    try:
        site = Site.objects.filter(pk=settings.SITE_ID).first()
    except DatabaseError:
        return None  # no database yet (before the first migrate): nothing to compare
    if site is None:
        return f"no Sites record with SITE_ID={settings.SITE_ID}"
    if site.domain.lower() in LOCAL_HOSTS or site.domain.lower() != expected.lower():
        return f"the Sites record says {site.domain!r}, SITE_URL says {expected!r}"
    return None


@register(Tags.security, deploy=True)
def deploy_settings_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return [
            Error(
                "DEBUG is on.",
                hint="Set DEBUG=false in production: DEBUG shows settings and code to every visitor.",
                id="modellkommune.E001",
            )
        ]
    problems = []
    demos = _demo_providers()
    if demos:
        problems.append(
            Error(
                f"Demo providers are enabled: {', '.join(demos)}.",
                hint="Anyone could log in as a demo identity or mark fees paid. Set DEMO_PROVIDERS=false and "
                "name the real providers in IDENTITY_PROVIDERS / PAYMENT_PROVIDERS.",
                id="modellkommune.E002",
            )
        )
    backend = UNSAFE_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if backend:
        problems.append(
            Error(
                f"E-mail goes to the {backend} backend, not to a mail server.",
                hint="Set EMAIL_URL (e.g. smtp+tls://user:password@mail.example:587): otherwise password-reset "
                "and confirmation links end up in the logs and citizens never get them.",
                id="modellkommune.E003",
            )
        )
    site_url = settings.SITE_URL
    if not site_url or urlsplit(site_url).scheme != "https" or _host(site_url) in LOCAL_HOSTS:
        problems.append(
            Error(
                f"SITE_URL is {site_url!r}.",
                hint="Set SITE_URL to the public https address of the site (links in e-mails, feeds and APIs).",
                id="modellkommune.E004",
            )
        )
    site_problem = _site_domain_problem()
    if site_problem:
        problems.append(
            Error(
                f"The Sites record does not match SITE_URL: {site_problem}.",
                hint="Run `manage.py migrate` (it sets the record from SITE_URL and the municipality) after "
                "setting SITE_URL; e-mails greet from this record.",
                id="modellkommune.E005",
            )
        )
    hosts = [h.lower() for h in settings.ALLOWED_HOSTS]
    if not hosts or "*" in hosts or all(h.lstrip(".") in LOCAL_HOSTS for h in hosts):
        problems.append(
            Error(
                f"ALLOWED_HOSTS is {settings.ALLOWED_HOSTS!r}.",
                hint="Set ALLOWED_HOSTS to the public host name(s) of the site, never '*'.",
                id="modellkommune.E006",
            )
        )
    if settings.CACHES.get("default", {}).get("BACKEND") in IN_MEMORY_CACHES:
        problems.append(
            Warning(
                "The cache is in-process memory.",
                hint="Rate limits (logins, reports, bookings, contact form) then count per worker process, so "
                "several gunicorn workers multiply every limit. Set CACHE_URL=redis://…",
                id="modellkommune.W001",
            )
        )
    page_cache_on = (
        getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0 or getattr(settings, "PAGE_CACHE_LIVE_SECONDS", 0) > 0
    )
    if page_cache_on and settings.CACHES.get("default", {}).get("BACKEND") in IN_MEMORY_CACHES:
        problems.append(
            Error(
                "The anonymous page cache is on and the cache is in-process memory.",
                hint="A change saved by one process (another gunicorn worker, Celery, the OParl importer) does not "
                "reach the others' caches: pages, OParl and Open311 answers stay stale for up to PAGE_CACHE_SECONDS. "
                "Set CACHE_URL=redis://… (shared by all processes) or PAGE_CACHE_SECONDS=0 and PAGE_CACHE_LIVE_SECONDS=0.",
                id="modellkommune.E008",
            )
        )
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        problems.append(
            Warning(
                "Background tasks run eagerly in the web process (no CELERY_BROKER_URL).",
                hint="Receipts, e-mails and imports then slow down requests and periodic jobs never run; set "
                "CELERY_BROKER_URL and run a worker and beat.",
                id="modellkommune.W002",
            )
        )
    if settings.SECURE_PROXY_SSL_HEADER and not getattr(settings, "TRUSTED_PROXIES", []):
        problems.append(
            Warning(
                "BEHIND_TLS_PROXY is on but TRUSTED_PROXIES is empty.",
                hint="Every visitor then has the proxy's IP address and shares one per-IP rate limit. Set "
                "TRUSTED_PROXIES to the proxy's address (e.g. 127.0.0.1).",
                id="modellkommune.W003",
            )
        )
    return problems


@register(Tags.security)
def trusted_proxies_check(app_configs=None, **kwargs):
    """Always (not only --deploy): a typo here would break every request that reads the client IP."""
    from .ratelimit import trusted_proxy_networks

    try:
        trusted_proxy_networks()
    except ValueError as exc:
        return [
            Error(
                f"TRUSTED_PROXIES contains an entry that is no IP address or network: {exc}.",
                hint="Use addresses or CIDR networks, comma-separated: TRUSTED_PROXIES=127.0.0.1,10.0.0.0/24",
                id="modellkommune.E007",
            )
        ]
    return []

from django.conf import settings

from .selectors import municipality_current


def municipality(request):
    """The town's name and contact on every page, and the site's own URL."""
    return {"municipality": municipality_current(), "SITE_URL": settings.SITE_URL, "SITE_LOGO": settings.SITE_LOGO}

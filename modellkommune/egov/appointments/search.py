"""Unified search provider: bookable services link straight to the slot picker preselection."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def search_services(query: str, limit: int):
    from modellkommune.portal.search import SearchResult

    from .selectors import service_list_public

    services = service_list_public().filter(Q(name__icontains=query) | Q(description__icontains=query))[:limit]
    return [
        SearchResult(
            title=_("Termin: %(s)s") % {"s": s.name},
            url=f"{reverse('appointments:index')}?{urlencode({'leistung': s.slug})}",
            summary=_("%(m)d Minuten. %(d)s") % {"m": s.duration_minutes, "d": s.description},
            kind=_("Terminvereinbarung"),
        )
        for s in services
    ]

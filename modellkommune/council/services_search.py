"""Saved searches (Suchabos): create, cancel by the owner, cancel through the signed link of an alert mail."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from modellkommune.core.search import query_words

from .models import SavedSearch
from .selectors_search import PaperFilters

MAX_PER_USER = 20
CANCEL_SALT = "council.saved_search.cancel"


@transaction.atomic
def saved_search_create(*, user, query: str, filters: PaperFilters | None = None) -> tuple[SavedSearch, bool]:
    """Save the search with its filters (validated ones: forms_search.parse_filters). A search needs a word
    or a filter; the same query with the same filters is saved once."""
    query = " ".join(query.split())[:200]
    stored = (filters or PaperFilters()).as_json()
    if query and not query_words(query):
        raise ValidationError(_("Bitte geben Sie einen Suchbegriff aus Buchstaben oder Ziffern ein."))
    if not query and not stored:
        raise ValidationError(_("Bitte geben Sie einen Suchbegriff ein oder wählen Sie einen Filter."))
    for existing in SavedSearch.objects.select_for_update().filter(user=user, query=query):
        if existing.filters == stored:
            return existing, False
    if SavedSearch.objects.filter(user=user).count() >= MAX_PER_USER:
        raise ValidationError(_("Sie können höchstens %(n)d Suchabos anlegen.") % {"n": MAX_PER_USER})
    return SavedSearch.objects.create(user=user, query=query, filters=stored), True


def saved_search_delete(*, user, pk: int) -> SavedSearch | None:
    """The owner ends a saved search; someone else's (or a missing one) is not found."""
    saved = SavedSearch.objects.filter(user=user, pk=pk).first()
    if saved is not None:
        saved.delete()
    return saved


def saved_search_cancel_signature(saved: SavedSearch) -> str:
    # The token is part of the signed value: a link stays valid only for this very saved search.
    return signing.dumps({"id": saved.pk, "t": saved.token[:12]}, salt=CANCEL_SALT, compress=True)


def saved_search_cancel_url(saved: SavedSearch) -> str:
    return settings.SITE_URL + reverse("council:saved_search_cancel", args=[saved_search_cancel_signature(saved)])


def saved_search_from_signature(signature: str) -> SavedSearch | None:
    """The saved search a cancel link names, or None (forged, altered or already cancelled)."""
    try:
        value = signing.loads(signature[:300], salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        return None
    saved = SavedSearch.objects.filter(pk=value["id"]).first()
    if saved is None or saved.token[:12] != value.get("t"):
        return None
    return saved


def saved_search_cancel(*, signature: str) -> SavedSearch | None:
    saved = saved_search_from_signature(signature)
    if saved is not None:
        saved.delete()
    return saved

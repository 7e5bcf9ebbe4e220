"""The public council search (/rat/suche/) and the saved searches: list, cancel, signed cancel link, RSS."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.parsing import parse_id
from modellkommune.core.search import query_words

from .constants import PaperType
from .forms import SavedSearchForm
from .forms_search import NAMES, PARAMS, filters_params, is_empty, parse_filters, saved_search_label
from .models import Organization
from .selectors_search import (
    PaperFilters,
    agenda_item_search,
    paper_search,
    paper_search_facets,
    paper_search_page,
    saved_search_by_token,
    saved_search_list,
    saved_search_papers,
)
from .services_search import (
    saved_search_cancel,
    saved_search_delete,
    saved_search_from_signature,
)
from .services_search import (
    saved_search_create as saved_search_create_service,
)

PER_PAGE = 20
PAGE_WINDOW = 2  # page links shown either side of the current page


def _toggle_url(request, param: str, value: str) -> str:
    """The current query with `value` added to or removed from the filter `param` (page reset)."""
    query = request.GET.copy()
    query.pop("seite", None)
    values = query.getlist(param)
    query.setlist(param, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + query.urlencode()


def _facet_links(request, facets: dict) -> list[dict]:
    organization_ids = {value for key in ("organization", "originator") for value, _n in facets[key]}
    names = dict(Organization.objects.filter(pk__in=organization_ids).values_list("pk", "name"))
    labels = {
        "paper_type": dict(PaperType.choices),
        "organization": names,
        "originator": names,
        "year": {},
    }
    result = []
    for key, rows in facets.items():
        param, selected = PARAMS[key], request.GET.getlist(PARAMS[key])
        links = [
            {
                "label": labels[key].get(value, value),
                "count": count,
                "selected": str(value) in selected,
                "url": _toggle_url(request, param, str(value)),
            }
            for value, count in rows
        ]
        result.append({"key": key, "param": param, "name": NAMES[key], "links": links})
    return result


def _page_numbers(page) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: first, last and a window around the current page; None is a gap."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@anonymous_page_cache(apps=("core", "council"))
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    filters, notices = parse_filters(request.GET)
    raw_page = request.GET.get("seite", "").strip()
    if raw_page and parse_id(raw_page) is None:
        notices.append(
            _("Die Seitenzahl „%(v)s“ ist ungültig; es wird die erste Seite gezeigt.") % {"v": raw_page[:20]}
        )
    if query and not query_words(query):
        notices.append(_("Bitte geben Sie einen Suchbegriff aus Buchstaben oder Ziffern ein."))
    searching = bool(query_words(query)) or not is_empty(filters)
    papers = paper_search(query, filters=filters) if searching else None
    page = facets = None
    if papers is not None:
        paginator = Paginator(paper_search_page(papers), PER_PAGE)
        number = parse_id(raw_page) or 1
        if paginator.count and number > paginator.num_pages:
            notices.append(_("Seite %(n)d gibt es nicht; es wird die letzte Seite gezeigt.") % {"n": number})
        page = paginator.get_page(number)
        facets = _facet_links(request, paper_search_facets(papers))
    page_query = request.GET.copy()
    page_query.pop("seite", None)
    hidden = [(name, value) for name in PARAMS.values() for value in request.GET.getlist(name)]
    return render(
        request,
        "council/search.html",
        {
            "query": query,
            "page": page,
            "page_numbers": _page_numbers(page) if page and page.paginator.num_pages > 1 else [],
            "page_query": page_query.urlencode(),
            "facets": facets or [],
            "hidden": hidden,
            "date_from": request.GET.get("von", "")[:30],
            "date_to": request.GET.get("bis", "")[:30],
            "notices": notices,
            "filtered": not is_empty(filters),
            "items": agenda_item_search(query)[:20] if query and page and page.number == 1 else [],
            "saved_form": SavedSearchForm(initial={"query": query}),
            # The filters that were applied (validated), saved with the search.
            "saved_filters": filters_params(filters),
        },
    )


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    filters, notices = parse_filters(request.POST)
    if notices:
        # Never save a search other than the one shown: a filter that cannot be applied stops it.
        for notice in notices:
            messages.error(request, notice)
        messages.error(request, _("Das Suchabo wurde nicht angelegt."))
    elif form.is_valid():
        try:
            saved, created = saved_search_create_service(
                user=request.user, query=form.cleaned_data["query"], filters=filters
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                (
                    _("Sie erhalten neue Treffer für %(q)s per E-Mail.")
                    if created
                    else _("Sie haben die Suche %(q)s bereits abonniert.")
                )
                % {"q": saved_search_label(saved)},
            )
    else:
        messages.error(request, _("Bitte geben Sie einen Suchbegriff ein (höchstens 200 Zeichen)."))
    return redirect("council:saved_search_list")


@login_required
def saved_search_list_view(request):
    searches = list(saved_search_list(user=request.user))
    for saved in searches:
        saved.label = saved_search_label(saved)
        saved.search_url = reverse("council:search") + "?" + _query_string(saved)
        saved.feed_url = settings.SITE_URL + reverse("council:saved_search_feed", args=[saved.token])
    return render(request, "council/saved_search_list.html", {"searches": searches})


def _query_string(saved) -> str:
    """The search page's query string of a saved search: its words and its filters."""
    return urlencode([("q", saved.query), *filters_params(PaperFilters.from_json(saved.filters))])


@login_required
@require_POST
def saved_search_delete_view(request, pk: int):
    saved = saved_search_delete(user=request.user, pk=pk)
    if saved is None:
        raise Http404
    messages.success(request, _("Das Suchabo %(q)s ist beendet.") % {"q": saved_search_label(saved)})
    return redirect("council:saved_search_list")


@csrf_exempt  # the signature is the credential; mail clients post RFC 8058 one-click without a session
def saved_search_cancel_view(request, signature: str):
    """The link in each alert mail: a page with one button (link scanners only GET), no login needed."""
    saved = saved_search_from_signature(signature)
    if request.method == "POST":
        cancelled = saved_search_cancel(signature=signature)
        return render(
            request,
            "council/saved_search_cancel.html",
            {"done": True, "saved": cancelled, "label": saved_search_label(cancelled) if cancelled else ""},
            status=200 if cancelled else 404,
        )
    context = {"saved": saved, "label": saved_search_label(saved) if saved else ""}
    if request.method not in ("GET", "HEAD"):
        return render(request, "council/saved_search_cancel.html", context, status=405)
    return render(request, "council/saved_search_cancel.html", context, status=200 if saved else 404)


class SavedSearchFeed(Feed):
    """RSS of one saved search under its unguessable token URL (feed readers cannot sign in)."""

    description_template = None

    def get_object(self, request, token: str):
        saved = saved_search_by_token(token=token)
        if saved is None:
            raise Http404
        return saved

    def title(self, obj):
        return _("Drucksachen zu %(q)s") % {"q": saved_search_label(obj)}

    def description(self, obj):
        return _("Neue öffentliche Drucksachen, die zu Ihrer Suche %(q)s passen") % {"q": saved_search_label(obj)}

    def link(self, obj):
        return settings.SITE_URL + reverse("council:search") + "?" + _query_string(obj)

    def feed_url(self, obj):
        return settings.SITE_URL + reverse("council:saved_search_feed", args=[obj.token])

    def items(self, obj):
        return saved_search_papers(obj).order_by("-created", "-id")[:50]

    def item_title(self, item):
        return f"{item.reference} {item.name}".strip()

    def item_description(self, item):
        return item.text[:1000]

    def item_link(self, item):
        return settings.SITE_URL + reverse("council:paper_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.created

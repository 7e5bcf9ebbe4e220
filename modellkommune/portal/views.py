from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.ratelimit import client_ip
from modellkommune.core.selectors import municipality_current, sector_list
from modellkommune.council.selectors import meeting_upcoming, paper_list_public
from modellkommune.sensors.dashboard_queries import live_values_one_per_sector

from .account_area import account_area
from .forms import ContactForm, SearchForm
from .legal import legal_details
from .search import providers as search_providers
from .search import search_ranked
from .services import contact_message_submit, contact_rate_limited


def _sector_dashboard_url(code: str) -> str:
    try:
        return reverse("sensors:sector", kwargs={"code": code})
    except NoReverseMatch:
        return ""


@anonymous_page_cache(apps=("core", "council", "portal"), live=True)  # live sensor values: the short TTL
def home(request):
    """Top tasks first (what most visitors come for), then council dates, papers, live values, sectors."""
    sectors = [(sector, _sector_dashboard_url(sector.code)) for sector in sector_list()]
    context = {
        "sectors": sectors,
        "meetings": meeting_upcoming(limit=3),
        # Papers dated in the future (planned) must not sit on top of the latest ones.
        "papers": paper_list_public().filter(date__lte=timezone.localdate())[:4],
        "live_values": live_values_one_per_sector(limit=4),
    }
    return render(request, "portal/home.html", context)


def accessibility(request):
    return render(request, "portal/accessibility.html", {"legal": legal_details(municipality_current())})


def imprint(request):
    return render(request, "portal/imprint.html", {"legal": legal_details(municipality_current())})


def privacy(request):
    return render(request, "portal/privacy.html", {"legal": legal_details(municipality_current())})


@require_http_methods(["GET", "POST"])
def contact(request):
    initial = {"topic": request.GET.get("thema", "general"), "page_url": request.GET.get("seite", "")}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if contact_rate_limited(ip=client_ip(request), email=form.cleaned_data["email"]):
            form.add_error(None, _("Zu viele Nachrichten in kurzer Zeit. Bitte versuchen Sie es später erneut."))
            return render(request, "portal/contact.html", {"form": form}, status=429)
        try:
            contact_message_submit(**{k: form.cleaned_data[k] for k in ContactForm.Meta.fields})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Vielen Dank. Ihre Nachricht ist bei uns eingegangen."))
            return redirect("portal:contact")
    return render(request, "portal/contact.html", {"form": form})


# Every section of the site search: a change in any of them makes the cached result lists stale.
@anonymous_page_cache(apps=("core", "council", "egov", "reports", "programme", "opendata", "participation", "portal"))
def search(request):
    form = SearchForm(request.GET or None)
    results, counts, query, section = [], {}, "", ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        section = form.cleaned_data["bereich"]
        results, counts = search_ranked(query, section=section)
    sections = [(p, counts.get(p.key, 0)) for p in search_providers() if counts.get(p.key)]
    context = {"form": form, "query": query, "results": results, "sections": sections, "section": section}
    return render(request, "portal/search.html", context)


@login_required
def my_area(request):
    return render(request, "portal/my_area.html", {"groups": account_area(request.user)})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """Rendered without the request: context processors would query the database, which may be the fault."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))

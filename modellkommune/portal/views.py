from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.ratelimit import client_ip
from modellkommune.core.selectors import sector_list

from .account_area import account_area
from .forms import ContactForm, SearchForm
from .search import search_all
from .services import contact_message_submit, contact_rate_limited


def _sector_dashboard_url(code: str) -> str:
    try:
        return reverse("sensors:sector", kwargs={"code": code})
    except NoReverseMatch:
        return ""


def home(request):
    sectors = [(sector, _sector_dashboard_url(sector.code)) for sector in sector_list()]
    return render(request, "portal/home.html", {"sectors": sectors})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def imprint(request):
    return render(request, "portal/imprint.html")


def privacy(request):
    return render(request, "portal/privacy.html")


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


def search(request):
    form = SearchForm(request.GET or None)
    groups = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        groups = search_all(query)
    return render(request, "portal/search.html", {"form": form, "query": query, "groups": groups})


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

"""Identity login through the registry of providers (the BundID demo only with settings.DEMO_PROVIDERS)."""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from modellkommune.contrib.identity import AssuranceLevel, provider_get
from modellkommune.contrib.payment import provider_get as payment_provider_get
from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded

from . import selectors, services

DEMO_RATE_PER_IP = 30  # demo logins per client IP and hour (guessing a demo PIN is slow)


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("egov:application_list")


def _provider(key: str):
    try:
        return provider_get(key)
    except KeyError as exc:
        raise Http404 from exc


@require_POST
def identity_start(request, provider: str):
    """Start at the provider: to confirm the identity of the logged-in person, or to log in."""
    idp = _provider(provider)
    level = request.POST.get("level", AssuranceLevel.SUBSTANTIAL)
    if level not in AssuranceLevel.values or not level:
        level = AssuranceLevel.SUBSTANTIAL
    next_url = _safe_next(request, request.POST.get("next", ""))
    return_url = reverse("egov:identity_return", args=[idp.key]) + "?" + urlencode({"next": next_url})
    return redirect(idp.start(request=request, return_url=return_url, assurance_level=level))


def _fill_application(request, next_url: str, result) -> None:
    """Coming back to an application's page: put the transmitted data into its form fields."""
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return
    if match.namespace != "egov" or match.url_name not in ("application_review", "application_edit"):
        return
    application = selectors.application_get_for_citizen(user=request.user, pk=match.kwargs["pk"])
    if application is None:
        return
    filled = services.application_fill_from_identity(user=request.user, application=application, result=result)
    if filled:
        messages.info(
            request, _("Aus dem Identitätsnachweis in den Antrag übernommen: %(f)s.") % {"f": ", ".join(filled)}
        )


def identity_return(request, provider: str):
    idp = _provider(provider)
    next_url = _safe_next(request, request.GET.get("next", ""))
    try:
        result = idp.complete(request=request, params=request.GET.dict())
    except ValueError:
        messages.error(request, _("Die Anmeldung beim Identitätsdienst ist fehlgeschlagen."))
        return redirect(next_url)
    try:
        if request.user.is_authenticated:
            services.identity_confirm(user=request.user, result=result)
            _fill_application(request, next_url, result)
        else:
            user = services.identity_login(result=result)
            if user is None:
                services.identity_signup_request(
                    result=result, client_ip=client_ip(request), base_url=request.build_absolute_uri("/")
                )
                return redirect("egov:identity_signup_sent")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(next_url if request.user.is_authenticated else "account_login")
    messages.success(
        request,
        _("Ihre Identität ist bestätigt (Vertrauensniveau: %(l)s).")
        % {"l": AssuranceLevel(result.assurance_level).label},
    )
    return redirect(next_url)


def identity_signup_sent(request):
    """The same page whether or not the address already has an account (no enumeration)."""
    return render(request, "egov/identity_signup_sent.html")


def identity_signup(request, token: str):
    """The link from the sign-up e-mail: a button (POST) creates the account, so mail scanners that
    open links do not."""
    try:
        data = services.identity_signup_payload(token=token)
    except ValidationError as exc:
        return render(request, "egov/identity_signup.html", {"error": " ".join(exc.messages)}, status=400)
    if request.method == "POST":
        try:
            user = services.identity_signup_confirm(token=token)
        except ValidationError as exc:
            return render(request, "egov/identity_signup.html", {"error": " ".join(exc.messages)}, status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Ihr Konto ist angelegt und Ihre Identität bestätigt."))
        return redirect("egov:application_list")
    return render(request, "egov/identity_signup.html", {"email": data["email"]})


class DemoPersonForm(forms.Form):
    """What the real BundID takes from the ID card and the BundID account; typed in for the demo."""

    given_name = forms.CharField(label=gettext_lazy("Vorname"), max_length=150)
    family_name = forms.CharField(label=gettext_lazy("Familienname"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-Mail-Adresse"))
    pin = forms.CharField(
        label=gettext_lazy("Demo-PIN"),
        min_length=6,
        max_length=64,
        widget=forms.PasswordInput,
        help_text=gettext_lazy(
            "Steht für die PIN Ihres Online-Ausweises: Mit derselben E-Mail-Adresse und PIN melden Sie sich "
            "später wieder als dieselbe Person an."
        ),
    )


def _demo_provider(registry_get, key: str):
    """The demo page exists only while the demo provider is enabled (settings.DEMO_PROVIDERS)."""
    try:
        provider = registry_get(key)
    except KeyError as exc:
        raise Http404 from exc
    if not provider.is_demo:
        raise Http404
    return provider


def identity_demo(request):
    """The page the demo BundID shows: the person picks how they identify (no real check)."""
    provider = _demo_provider(provider_get, "demo-bundid")
    state = request.GET.get("state", "")
    try:
        data = provider.state(state)
    except ValueError as exc:
        raise Http404 from exc
    levels = [
        c for c in AssuranceLevel if c.value and AssuranceLevel.rank(c.value) >= AssuranceLevel.rank(data["level"])
    ]
    person_form = None if request.user.is_authenticated else DemoPersonForm(request.POST or None)
    if request.method == "POST" and rate_limit_exceeded(
        scope="identity-demo", key=client_ip(request), limit=DEMO_RATE_PER_IP, window_seconds=3600
    ):
        messages.error(request, _("Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Stunde."))
    elif request.method == "POST" and (person_form is None or person_form.is_valid()):
        try:
            assertion = provider.issue(
                state=state,
                user=request.user,
                level=request.POST.get("level", ""),
                person=person_form.cleaned_data if person_form else None,
            )
        except ValueError:
            messages.error(request, _("Bitte wählen Sie eine der angebotenen Anmeldearten."))
        else:
            sep = "&" if "?" in data["return"] else "?"
            return redirect(data["return"] + sep + urlencode({"assertion": assertion}))
    return render(request, "egov/identity_demo.html", {"levels": levels, "state": state, "form": person_form})


@login_required
def payment_demo(request):
    """The checkout page of the demo payment provider."""
    provider = _demo_provider(payment_provider_get, "demo")
    token = request.GET.get("t", "")
    try:
        data = provider.checkout(token)
    except ValueError as exc:
        raise Http404 from exc
    if request.method == "POST":
        return redirect(provider.confirm(token, success=request.POST.get("action") == "pay"))
    return render(request, "egov/payment_demo.html", {"data": data, "token": token})

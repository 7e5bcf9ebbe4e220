from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_has_mfa, user_needs_mfa

# Paths a staff member without a second factor may still use: setting one up, logging out.
_ALLOWED_PREFIXES = ("/konto/", "/static/", "/healthz", "/i18n/")


class StaffMfaRequiredMiddleware:
    """Staff accounts must set up two-factor login before they see anything but the setup page.

    Their sessions are also short (settings.STAFF_SESSION_AGE without activity) instead of the citizens'
    14 days: set on the first request after any kind of login, so no login path can skip it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user_needs_mfa(user=user) and "_session_expiry" not in request.session:
            request.session.set_expiry(settings.STAFF_SESSION_AGE)
        if (
            user is not None
            and user_needs_mfa(user=user)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not request.session.get("mfa_ok")
        ):
            if not user_has_mfa(user=user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
            request.session["mfa_ok"] = True
        return self.get_response(request)

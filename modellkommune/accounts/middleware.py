from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_has_mfa, user_needs_mfa

# Paths a staff member without a second factor may still use: setting one up, logging out.
_ALLOWED_PREFIXES = ("/konto/", "/static/", "/healthz", "/i18n/")


class StaffMfaRequiredMiddleware:
    """Staff accounts must set up two-factor login before they see anything but the setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
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

"""A local stand-in for BundID: no outside system, a signed token instead of a SAML assertion.

It lets the demo and the tests walk the whole flow (start → provider page → callback) and choose the
assurance level the real BundID would report for username/password, ELSTER or the online ID card."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .base import AssuranceLevel, IdentityProvider, IdentityResult

SALT = "modellkommune.identity.demo"
MAX_AGE_SECONDS = 600


class DemoBundIdProvider(IdentityProvider):
    key = "demo-bundid"
    label = _("BundID (Demo)")
    max_assurance_level = AssuranceLevel.HIGH

    def start(self, *, request, return_url: str, assurance_level: str) -> str:
        state = signing.dumps({"return": return_url, "level": assurance_level, "uid": request.user.pk}, salt=SALT)
        return f"{reverse('egov:identity_demo')}?{urlencode({'state': state})}"

    def issue(self, *, state: str, user, level: str) -> str:
        """What the demo provider page does when the person confirms: a signed assertion."""
        data = signing.loads(state, salt=SALT, max_age=MAX_AGE_SECONDS)
        if data["uid"] != user.pk:
            raise ValueError("state belongs to another session")
        if AssuranceLevel.rank(level) < AssuranceLevel.rank(data["level"]):
            raise ValueError("assurance level too low")
        assertion = {
            "sub": f"demo-{user.pk:08d}",
            "level": level,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "birth_date": "1980-01-01",
            "uid": user.pk,
        }
        return signing.dumps(assertion, salt=SALT + ".assertion")

    def complete(self, *, request, params: dict) -> IdentityResult:
        try:
            data = signing.loads(params.get("assertion", ""), salt=SALT + ".assertion", max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise ValueError("invalid assertion") from exc
        if data["uid"] != request.user.pk:
            raise ValueError("assertion belongs to another person")
        return IdentityResult(
            provider=self.key,
            subject=data["sub"],
            assurance_level=data["level"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=dt.date.fromisoformat(data["birth_date"]),
        )

"""A local stand-in for BundID: no outside system, a signed token instead of a SAML assertion.

It lets the demo and the tests walk the whole flow (start → provider page → callback) and choose the
assurance level the real BundID would report for username/password, ELSTER or the online ID card.
Two uses: a logged-in person confirms their identity (the provider reports their account's name), or
somebody without a session logs in (the page asks for the fictional person's name and e-mail, which the
real BundID would take from the ID card and the BundID account)."""

from __future__ import annotations

import datetime as dt
import hashlib

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
        uid = request.user.pk if request.user.is_authenticated else None
        state = signing.dumps({"return": return_url, "level": assurance_level, "uid": uid}, salt=SALT)
        return f"{reverse('egov:identity_demo')}?{urlencode({'state': state})}"

    def state(self, state: str) -> dict:
        try:
            return signing.loads(state, salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise ValueError("invalid state") from exc

    def issue(self, *, state: str, user, level: str, person: dict | None = None) -> str:
        """What the demo provider page does when the person confirms: a signed assertion."""
        data = self.state(state)
        uid = user.pk if user.is_authenticated else None
        if data["uid"] != uid:
            raise ValueError("state belongs to another session")
        if level not in AssuranceLevel.values or AssuranceLevel.rank(level) < AssuranceLevel.rank(data["level"]):
            raise ValueError("assurance level too low")
        if uid is not None:
            person = {"given_name": user.first_name, "family_name": user.last_name, "email": user.email}
            subject = f"demo-{uid:08d}"
        else:
            person = person or {}
            if not person.get("email"):
                raise ValueError("e-mail missing")
            subject = "demo-" + hashlib.sha256(person["email"].lower().encode()).hexdigest()[:16]
        assertion = {
            "sub": subject,
            "level": level,
            "given_name": person.get("given_name", "")[:150],
            "family_name": person.get("family_name", "")[:150],
            "email": person["email"].lower()[:254],
            "birth_date": "1980-01-01",
            "uid": uid,
        }
        return signing.dumps(assertion, salt=SALT + ".assertion")

    def complete(self, *, request, params: dict) -> IdentityResult:
        try:
            data = signing.loads(params.get("assertion", ""), salt=SALT + ".assertion", max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise ValueError("invalid assertion") from exc
        uid = request.user.pk if request.user.is_authenticated else None
        if data["uid"] != uid:
            raise ValueError("assertion belongs to another session")
        return IdentityResult(
            provider=self.key,
            subject=data["sub"],
            assurance_level=data["level"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=dt.date.fromisoformat(data["birth_date"]),
            extra={"email": data["email"]},
        )

"""A local stand-in for BundID: no outside system, a signed token instead of a SAML assertion.

Offered only when settings.DEMO_PROVIDERS is on (dev settings, `make run`); its pages answer 404
otherwise. It lets the demo and the tests walk the whole flow (start → provider page → callback) and
choose the assurance level the real BundID would report for username/password, ELSTER or the online ID
card. Two uses: a logged-in person confirms their identity (the provider reports their account's name),
or somebody without a session logs in. For the latter the page asks for the fictional person's name,
e-mail and a demo PIN: the subject is a keyed hash of e-mail *and* PIN (standing in for the ID card and
its PIN), so knowing somebody's e-mail address is not enough to log in as them.

Every login is bound to the browser session that started it (a one-time nonce in the session), so a
leaked assertion URL cannot be replayed elsewhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .base import AssuranceLevel, IdentityProvider, IdentityResult

SALT = "modellkommune.identity.demo"
MAX_AGE_SECONDS = 600
SESSION_NONCE = "identity_demo_nonce"


def _subject_for(email: str, pin: str) -> str:
    key = hashlib.sha256((settings.SECRET_KEY + SALT).encode()).digest()
    message = f"{email.strip().lower()}\0{pin}".encode()
    return "demo-" + hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


class DemoBundIdProvider(IdentityProvider):
    key = "demo-bundid"
    label = _("BundID (Demo)")
    max_assurance_level = AssuranceLevel.HIGH
    is_demo = True

    def start(self, *, request, return_url: str, assurance_level: str) -> str:
        uid = request.user.pk if request.user.is_authenticated else None
        nonce = secrets.token_urlsafe(16)
        request.session[SESSION_NONCE] = nonce
        state = signing.dumps({"return": return_url, "level": assurance_level, "uid": uid, "nonce": nonce}, salt=SALT)
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
            if not person.get("email") or not person.get("pin"):
                raise ValueError("e-mail or PIN missing")
            subject = _subject_for(person["email"], person["pin"])
        assertion = {
            "sub": subject,
            "level": level,
            "given_name": person.get("given_name", "")[:150],
            "family_name": person.get("family_name", "")[:150],
            "email": person["email"].lower()[:254],
            "birth_date": "1980-01-01",
            "uid": uid,
            "nonce": data.get("nonce", ""),
        }
        return signing.dumps(assertion, salt=SALT + ".assertion")

    def complete(self, *, request, params: dict) -> IdentityResult:
        try:
            data = signing.loads(params.get("assertion", ""), salt=SALT + ".assertion", max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise ValueError("invalid assertion") from exc
        uid = request.user.pk if request.user.is_authenticated else None
        if data.get("uid") != uid:
            raise ValueError("assertion belongs to another session")
        expected = request.session.pop(SESSION_NONCE, None)
        if not expected or not hmac.compare_digest(str(data.get("nonce", "")), expected):
            raise ValueError("assertion was not started in this session or was already used")
        if data.get("level") not in AssuranceLevel.values:
            raise ValueError("unknown assurance level")
        return IdentityResult(
            provider=self.key,
            subject=data["sub"],
            assurance_level=data["level"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=dt.date.fromisoformat(data["birth_date"]),
            extra={"email": data["email"]},
        )

"""Writes of the participation app. § 24 GO NRW: a resident's suggestion or complaint reaches the council
office, which registers it as a council paper, hands it to the responsible committee and tells the
petitioner each step and the decision."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text
from modellkommune.council.constants import PaperType
from modellkommune.council.selectors import user_is_council_office
from modellkommune.council.services import paper_assign_committee, paper_register_from_residents

from .constants import OPEN_STATUSES, SuggestionStatus
from .models import Suggestion, SuggestionEvent

CONFIRM_SALT = "modellkommune.participation.suggestion"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _step(suggestion: Suggestion, status: str, note: str = "") -> None:
    suggestion.status = status
    suggestion.save(update_fields=["status", "confirmed_at", "decided_at", "paper", "committee", "decision"])
    SuggestionEvent.objects.create(suggestion=suggestion, status=status, note=note)
    if status != SuggestionStatus.UNCONFIRMED:
        from .tasks import suggestion_notify_petitioner

        transaction.on_commit(lambda: suggestion_notify_petitioner.delay(suggestion.pk, status))


def _received(suggestion: Suggestion) -> None:
    suggestion.confirmed_at = timezone.now()
    _step(suggestion, SuggestionStatus.RECEIVED)
    from .tasks import suggestion_notify_council_office

    transaction.on_commit(lambda: suggestion_notify_council_office.delay(suggestion.pk))


@transaction.atomic
def suggestion_submit(
    *,
    kind: str,
    title: str,
    text: str,
    name: str = "",
    email: str = "",
    user=None,
    publish: bool = True,
    show_name: bool = False,
) -> Suggestion:
    """Take in a § 24 submission. Without an account the address is confirmed first (double opt-in)."""
    signed_in = getattr(user, "is_authenticated", False)
    email = (user.email if signed_in else email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    name = plain_text(name, field="name", label=_("Name"), max_length=150, required=show_name)
    if signed_in and not name:
        name = user.get_full_name()
    suggestion = Suggestion.objects.create(
        kind=kind,
        title=plain_text(title, field="title", label=_("Betreff"), max_length=200, required=True),
        text=plain_text(text, field="text", label=_("Ihr Anliegen"), max_length=8000, required=True),
        name=name,
        email=email,
        user=user if signed_in else None,
        publish=publish,
        show_name=show_name and publish,
        status=SuggestionStatus.UNCONFIRMED,
    )
    SuggestionEvent.objects.create(suggestion=suggestion, status=SuggestionStatus.UNCONFIRMED)
    audit_record(actor=user if signed_in else None, action=AuditAction.CREATE, obj=suggestion, message=_("eingereicht"))
    if signed_in:
        _received(suggestion)
    else:
        from .tasks import suggestion_send_confirmation

        transaction.on_commit(lambda: suggestion_send_confirmation.delay(suggestion.pk))
    return suggestion


def suggestion_confirm_token(*, suggestion: Suggestion) -> str:
    return signing.dumps({"s": suggestion.pk, "t": str(suggestion.token)}, salt=CONFIRM_SALT)


@transaction.atomic
def suggestion_confirm(*, signed: str) -> Suggestion:
    try:
        data = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("Der Bestätigungslink ist ungültig oder abgelaufen.")) from exc
    suggestion = Suggestion.objects.select_for_update().filter(pk=data.get("s"), token=data.get("t")).first()
    if suggestion is None:
        raise ValidationError(_("Diese Eingabe gibt es nicht mehr."))
    if suggestion.status == SuggestionStatus.UNCONFIRMED:
        _received(suggestion)
    return suggestion


def _require_office(actor) -> None:
    if not user_is_council_office(user=actor):
        raise PermissionDenied(_("Nur das Ratsbüro bearbeitet Anregungen und Beschwerden."))


def _paper_text(suggestion: Suggestion) -> str:
    return "\n\n".join(
        [
            suggestion.text,
            _("%(kind)s nach § 24 GO NRW, eingereicht am %(date)s von %(author)s.")
            % {
                "kind": suggestion.get_kind_display(),
                "date": timezone.localtime(suggestion.created).strftime("%d.%m.%Y"),
                "author": suggestion.public_author,
            },
        ]
    )


@transaction.atomic
def suggestion_register(*, actor, suggestion: Suggestion, committee=None) -> Suggestion:
    """Register as a council paper ("Anregung oder Beschwerde"), public only with the petitioner's consent."""
    _require_office(actor)
    if suggestion.status != SuggestionStatus.RECEIVED:
        raise ValidationError(_("Nur eingegangene Eingaben können registriert werden."))
    suggestion.paper = paper_register_from_residents(
        actor=actor,
        title=suggestion.title,
        text=_paper_text(suggestion),
        paper_type=PaperType.ANREGUNG,
        public=suggestion.publish,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=suggestion, message=suggestion.paper.reference)
    _step(suggestion, SuggestionStatus.REGISTERED, _("Drucksache %(r)s") % {"r": suggestion.paper.reference})
    if committee is not None:
        suggestion_assign(actor=actor, suggestion=suggestion, committee=committee)
    return suggestion


@transaction.atomic
def suggestion_assign(*, actor, suggestion: Suggestion, committee) -> Suggestion:
    _require_office(actor)
    if suggestion.paper is None or suggestion.status not in (SuggestionStatus.REGISTERED, SuggestionStatus.ASSIGNED):
        raise ValidationError(_("Bitte registrieren Sie die Eingabe zuerst als Drucksache."))
    paper_assign_committee(actor=actor, paper=suggestion.paper, committee=committee)
    suggestion.committee = committee
    _step(suggestion, SuggestionStatus.ASSIGNED, str(committee))
    return suggestion


@transaction.atomic
def suggestion_decide(*, actor, suggestion: Suggestion, decision: str) -> Suggestion:
    """Record the council's (or committee's) decision and tell the petitioner."""
    _require_office(actor)
    if suggestion.status not in (SuggestionStatus.REGISTERED, SuggestionStatus.ASSIGNED):
        raise ValidationError(_("Entscheiden lässt sich nur über registrierte Eingaben."))
    suggestion.decision = plain_text(
        decision, field="decision", label=_("Entscheidung"), max_length=8000, required=True
    )
    suggestion.decided_at = timezone.now()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=suggestion, message=_("entschieden"))
    _step(suggestion, SuggestionStatus.DECIDED, suggestion.decision)
    return suggestion


@transaction.atomic
def suggestion_decline(*, actor, suggestion: Suggestion, reason: str) -> Suggestion:
    """Not a matter for the council (e.g. no municipal responsibility): the petitioner is told why."""
    _require_office(actor)
    if suggestion.status not in OPEN_STATUSES:
        raise ValidationError(_("Diese Eingabe ist bereits abgeschlossen."))
    suggestion.decision = plain_text(reason, field="decision", label=_("Begründung"), max_length=8000, required=True)
    suggestion.decided_at = timezone.now()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=suggestion, message=_("nicht zulässig"))
    _step(suggestion, SuggestionStatus.DECLINED, suggestion.decision)
    return suggestion


def suggestions_retention_enforce(*, now: dt.datetime | None = None) -> dict:
    """Daily: unconfirmed submissions go after 7 days; petitioner data of closed ones after the
    retention period (PARTICIPATION_RETENTION_DAYS); the council paper itself stays as published."""
    now = now or timezone.now()
    stale = Suggestion.objects.filter(status=SuggestionStatus.UNCONFIRMED, created__lt=now - dt.timedelta(days=7))
    deleted, _detail = stale.delete()
    cutoff = now - dt.timedelta(days=getattr(settings, "PARTICIPATION_RETENTION_DAYS", 365))
    anonymised = Suggestion.objects.filter(decided_at__lt=cutoff, anonymised_at__isnull=True).update(
        name="", email="", user=None, show_name=False, anonymised_at=now
    )
    return {"deleted": deleted, "anonymised": anonymised}

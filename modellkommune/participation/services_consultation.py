"""Writes of consultations (Beteiligungsverfahren): the administration prepares and publishes a comment
phase, residents comment (optionally with a place), the administration moderates against the code of
conduct and answers, writes the summary, and the council office registers it as a Mitteilung to the
deciding body, which makes the result an OParl paper. Every write is checked and audited here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text
from modellkommune.council.constants import ConsultationRole, PaperType
from modellkommune.council.files import file_check
from modellkommune.council.selectors import council_office_users, user_is_council_office
from modellkommune.council.services import paper_register_from_residents

from .constants import CommentStatus, ConsultationStatus
from .models import Consultation, ConsultationComment, ConsultationDocument
from .moderation import moderation_apply
from .selectors_consultation import user_manages_consultations

EDITABLE_FIELDS = ("title", "summary", "text", "paper", "project", "deciding_body", "starts_at", "ends_at", "with_map")


def _require_manager(actor) -> None:
    if not user_manages_consultations(user=actor):
        raise PermissionDenied(_("Nur die für Bürgerbeteiligung zuständige Verwaltung führt Beteiligungsverfahren."))


def _notify(*, user, subject: str, body: str) -> None:
    """Portal mailbox message with its e-mail hint (egov), sent as the participation office."""
    if user is None or not user.is_active:
        return
    from modellkommune.egov.services import message_send

    message_send(recipient=user, subject=subject, body=body, sender=_("Bürgerbeteiligung"))


def _check_dates(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError({"ends_at": _("Bitte geben Sie Beginn und Ende an.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})


@transaction.atomic
def consultation_save(*, actor, consultation: Consultation | None = None, data: dict) -> Consultation:
    """Create or edit a consultation. Once it is open, its dates may only be extended, never shortened:
    residents rely on the announced period."""
    _require_manager(actor)
    creating = consultation is None
    consultation = consultation or Consultation(created_by=actor)
    if not creating and consultation.status in (ConsultationStatus.SUMMARISED, ConsultationStatus.REGISTERED):
        raise ValidationError(_("Ein abgeschlossenes Verfahren lässt sich nicht mehr ändern."))
    before = {f: getattr(consultation, f) for f in EDITABLE_FIELDS} if not creating else {}
    was_open = not creating and consultation.phase() in ("open", "closed")
    cleaned = dict(data)
    cleaned["title"] = plain_text(data.get("title", ""), field="title", label=_("Titel"), max_length=200, required=True)
    cleaned["summary"] = plain_text(
        data.get("summary", ""), field="summary", label=_("Worum es geht"), max_length=4000, required=True
    )
    cleaned["text"] = plain_text(data.get("text", ""), field="text", label=_("Beschreibung"), max_length=20000)
    _check_dates(cleaned.get("starts_at"), cleaned.get("ends_at"))
    if was_open and (cleaned["starts_at"] != consultation.starts_at or cleaned["ends_at"] < consultation.ends_at):
        raise ValidationError(
            {"ends_at": _("Ein begonnenes Verfahren kann nur verlängert werden; der Beginn bleibt, wie angekündigt.")}
        )
    for field in EDITABLE_FIELDS:
        if field in cleaned:
            setattr(consultation, field, cleaned[field])
    consultation.save()
    changes = {
        f: [str(before[f]), str(getattr(consultation, f))] for f in before if before[f] != getattr(consultation, f)
    }
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=consultation,
        message=_("angelegt") if creating else _("geändert"),
        changes=changes or None,
    )
    return consultation


@transaction.atomic
def consultation_publish(*, actor, consultation: Consultation) -> Consultation:
    _require_manager(actor)
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError(_("Das Verfahren ist bereits veröffentlicht."))
    if consultation.ends_at <= timezone.now():
        raise ValidationError(_("Das Ende liegt in der Vergangenheit. Bitte verlängern Sie zuerst den Zeitraum."))
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.save(update_fields=["status"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consultation, message=_("veröffentlicht"))
    return consultation


@transaction.atomic
def consultation_document_add(*, actor, consultation: Consultation, title: str, name: str, content: bytes):
    _require_manager(actor)
    file_check(name=name, content=content)
    title = plain_text(title, field="title", label=_("Titel"), max_length=200, required=True)
    document = ConsultationDocument(consultation=consultation, title=title, size=len(content))
    document.file.save(f"{consultation.pk}.pdf", ContentFile(content), save=False)
    document.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consultation, message=_("Dokument: %(t)s") % {"t": title})
    return document


@transaction.atomic
def consultation_document_remove(*, actor, document: ConsultationDocument) -> None:
    _require_manager(actor)
    consultation = document.consultation
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consultation,
        message=_("Dokument entfernt: %(t)s") % {"t": document.title},
    )
    document.file.delete(save=False)
    document.delete()


def _place_check(consultation: Consultation, lat, lon) -> None:
    if lat is None and lon is None:
        return
    if not consultation.with_map:
        raise ValidationError({"lat": _("Dieses Verfahren nimmt keine Orte entgegen.")})
    from modellkommune.egov.reports.services import location_check

    location_check(lat=lat, lon=lon, address="")


@transaction.atomic
def comment_submit(
    *, user, consultation: Consultation, text: str, show_name: bool = False, lat=None, lon=None, conduct: bool = False
) -> ConsultationComment:
    """A signed-in resident comments while the consultation is open; pre-moderated unless the town
    switched that off (PARTICIPATION_PREMODERATION)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an, um einen Beitrag zu schreiben."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.phase() != "open":
        raise ValidationError(_("Dieses Verfahren nimmt derzeit keine Beiträge entgegen."))
    if not conduct:
        raise ValidationError({"conduct": _("Bitte bestätigen Sie die Regeln für Beiträge (Netiquette).")})
    text = plain_text(text, field="text", label=_("Ihr Beitrag"), max_length=4000, required=True)
    _place_check(consultation, lat, lon)
    number = (consultation.comments.aggregate(m=Max("number"))["m"] or 0) + 1
    premoderated = getattr(settings, "PARTICIPATION_PREMODERATION", True)
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        author=user,
        number=number,
        text=text,
        show_name=show_name,
        author_name=(user.get_full_name() or "")[:150] if show_name else "",
        lat=lat,
        lon=lon,
        status=CommentStatus.PENDING if premoderated else CommentStatus.PUBLISHED,
    )
    audit_record(actor=user, action=AuditAction.CREATE, obj=comment, message=_("Beitrag %(n)s") % {"n": number})
    return comment


def _comment_url(comment: ConsultationComment) -> str:
    url = reverse("participation:consultation_detail", args=[comment.consultation_id])
    return f"{settings.SITE_URL}{url}#beitrag-{comment.number}"


@transaction.atomic
def comment_moderate(
    *, actor, comment: ConsultationComment, publish: bool, reason: str = "", answer: str | None = None
) -> ConsultationComment:
    """Publish or reject against the code of conduct (a reason is required and told to the author)."""
    _require_manager(actor)
    if comment.author_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("Eigene Beiträge moderiert eine andere Person."))
    moderation_apply(
        comment,
        actor=actor,
        publish=publish,
        reason=reason,
        answer=answer,
        published=CommentStatus.PUBLISHED,
        rejected=CommentStatus.REJECTED,
        answer_label=_("Antwort der Verwaltung"),
    )
    if publish:
        subject = _("Ihr Beitrag ist veröffentlicht")
        body = _("Ihr Beitrag Nr. %(n)s zu „%(t)s“ ist veröffentlicht: %(u)s")
    else:
        subject = _("Ihr Beitrag wurde nicht veröffentlicht")
        body = _(
            "Ihr Beitrag Nr. %(n)s zu „%(t)s“ wurde nicht veröffentlicht. Grund: %(r)s.\n\n"
            "Sie können einen neuen Beitrag schreiben, der die Regeln einhält: %(u)s"
        )
    _notify(
        user=comment.author,
        subject=subject,
        body=body
        % {
            "n": comment.number,
            "t": comment.consultation.title,
            "r": comment.get_reject_reason_display(),
            "u": _comment_url(comment),
        },
    )
    return comment


@transaction.atomic
def consultation_summarise(*, actor, consultation: Consultation, result: str) -> Consultation:
    """After the comment phase the administration writes the summary; it is public at once and goes to
    the council office, which registers it as a Mitteilung to the deciding body."""
    _require_manager(actor)
    if consultation.phase() != "closed":
        raise ValidationError(_("Die Zusammenfassung folgt nach dem Ende der Beteiligungsphase."))
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise ValidationError(_("Die Zusammenfassung ist bereits übergeben."))
    if consultation.comments.filter(status=CommentStatus.PENDING).exists():
        raise ValidationError(_("Bitte moderieren Sie zuerst alle offenen Beiträge."))
    if consultation.deciding_body_id is None:
        raise ValidationError({"deciding_body": _("Bitte nennen Sie das Gremium, das über das Ergebnis berät.")})
    consultation.result = plain_text(
        result, field="result", label=_("Zusammenfassung der Ergebnisse"), max_length=20000, required=True
    )
    consultation.status = ConsultationStatus.SUMMARISED
    consultation.summarised_at = timezone.now()
    consultation.save(update_fields=["result", "status", "summarised_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consultation, message=_("Ergebnis übergeben"))
    url = settings.SITE_URL + reverse("participation:backoffice_consultation", args=[consultation.pk])
    for user in council_office_users():
        _notify(
            user=user,
            subject=_("Ergebnis einer Bürgerbeteiligung: %(t)s") % {"t": consultation.title[:150]},
            body=_("Die Zusammenfassung liegt vor und kann als Mitteilung an %(b)s registriert werden: %(u)s")
            % {"b": consultation.deciding_body, "u": url},
        )
    return consultation


def _result_paper_text(consultation: Consultation) -> str:
    counts = consultation_counts(consultation)
    facts = _(
        "Beteiligungsverfahren vom %(s)s bis %(e)s: %(p)s veröffentlichte Beiträge (%(m)s mit Ortsbezug), "
        "%(r)s nach den Regeln für Beiträge nicht veröffentlicht."
    ) % {
        "s": timezone.localtime(consultation.starts_at).strftime("%d.%m.%Y"),
        "e": timezone.localtime(consultation.ends_at).strftime("%d.%m.%Y"),
        "p": counts["published"],
        "m": counts["with_place"],
        "r": counts["rejected"],
    }
    link = settings.SITE_URL + reverse("participation:consultation_detail", args=[consultation.pk])
    return "\n\n".join([consultation.result, facts, _("Alle Beiträge: %(u)s") % {"u": link}])


def consultation_counts(consultation: Consultation) -> dict[str, int]:
    """Comments per moderation state, in one query."""
    published = Q(status=CommentStatus.PUBLISHED)
    return consultation.comments.aggregate(
        published=Count("pk", filter=published),
        with_place=Count("pk", filter=published & Q(lat__isnull=False)),
        rejected=Count("pk", filter=Q(status=CommentStatus.REJECTED)),
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
    )


@transaction.atomic
def consultation_register(*, actor, consultation: Consultation) -> Consultation:
    """Council office: the summary becomes a Mitteilung (OParl paper) for the deciding body to take note."""
    if not user_is_council_office(user=actor):
        raise PermissionDenied(_("Nur das Ratsbüro registriert Drucksachen."))
    if consultation.status != ConsultationStatus.SUMMARISED:
        raise ValidationError(_("Es liegt keine übergebene Zusammenfassung vor."))
    consultation.result_paper = paper_register_from_residents(
        actor=actor,
        title=_("Ergebnis der Bürgerbeteiligung: %(t)s") % {"t": consultation.title},
        text=_result_paper_text(consultation),
        paper_type=PaperType.MITTEILUNG,
        public=True,
        committee=consultation.deciding_body,
        role=ConsultationRole.KENNTNISNAHME,
    )
    if consultation.paper_id:
        consultation.result_paper.related_papers.add(consultation.paper)
    consultation.status = ConsultationStatus.REGISTERED
    consultation.save(update_fields=["result_paper", "status"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=consultation, message=consultation.result_paper.reference)
    if consultation.created_by_id:
        _notify(
            user=consultation.created_by,
            subject=_("Mitteilung registriert: %(t)s") % {"t": consultation.title[:150]},
            body=_("Das Ratsbüro hat das Ergebnis als Drucksache %(r)s registriert.")
            % {"r": consultation.result_paper.reference},
        )
    return consultation


def comments_retention_enforce(*, now=None) -> dict:
    """Daily: PARTICIPATION_RETENTION_DAYS after a consultation's result went to the council, its comments
    keep their text and number but lose the link to the account and any name shown (the record of what was
    said stays, the person goes)."""
    import datetime as dt

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=getattr(settings, "PARTICIPATION_RETENTION_DAYS", 365))
    closed = Consultation.objects.filter(
        status__in=[ConsultationStatus.SUMMARISED, ConsultationStatus.REGISTERED], summarised_at__lt=cutoff
    )
    forgotten = (
        ConsultationComment.objects.filter(consultation__in=closed)
        .exclude(author__isnull=True, author_name="")
        .update(author=None, author_name="", show_name=False, moderated_by=None)
    )
    return {"comments_anonymised": forgotten}

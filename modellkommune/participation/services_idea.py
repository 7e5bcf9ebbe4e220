"""Ideas for the model municipality: residents propose, others support, the programme office checks them
against the code of conduct and turns selected ones into draft pilot projects (programme app), which the
idea's page then follows. Every write is checked and audited here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text

from .constants import IdeaStatus
from .models import Idea, IdeaSupport
from .moderation import moderation_apply


def _require_programme_office(actor) -> None:
    from modellkommune.programme.selectors import user_is_programme_office

    if not (getattr(actor, "is_back_office", False) and user_is_programme_office(user=actor)):
        raise PermissionDenied(_("Ideen für die Modellkommune prüft das Programmbüro."))


def _notify(*, user, subject: str, body: str) -> None:
    if user is None or not user.is_active:
        return
    from modellkommune.egov.services import message_send

    message_send(recipient=user, subject=subject, body=body, sender=_("Programmbüro Modellkommune"))


def _idea_url(idea: Idea) -> str:
    return settings.SITE_URL + reverse("participation:idea_detail", args=[idea.pk])


@transaction.atomic
def idea_submit(*, user, title: str, description: str, sector=None, show_name: bool = False) -> Idea:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an, um eine Idee einzureichen."))
    idea = Idea.objects.create(
        title=plain_text(title, field="title", label=_("Titel"), max_length=200, required=True),
        description=plain_text(
            description, field="description", label=_("Beschreibung"), max_length=4000, required=True
        ),
        sector=sector,
        author=user,
        show_name=show_name,
        author_name=(user.get_full_name() or "")[:150] if show_name else "",
    )
    audit_record(actor=user, action=AuditAction.CREATE, obj=idea, message=_("eingereicht"))
    return idea


@transaction.atomic
def idea_moderate(*, actor, idea: Idea, publish: bool, reason: str = "", answer: str | None = None) -> Idea:
    _require_programme_office(actor)
    if idea.status == IdeaStatus.SELECTED:
        raise ValidationError(_("Diese Idee ist bereits als Projektentwurf aufgenommen."))
    moderation_apply(
        idea,
        actor=actor,
        publish=publish,
        reason=reason,
        answer=answer,
        published=IdeaStatus.PUBLISHED,
        rejected=IdeaStatus.REJECTED,
        answer_label=_("Antwort des Programmbüros"),
    )
    if publish:
        subject, body = _("Ihre Idee ist veröffentlicht"), _("Ihre Idee „%(t)s“ ist veröffentlicht: %(u)s")
    else:
        subject = _("Ihre Idee wurde nicht veröffentlicht")
        body = _("Ihre Idee „%(t)s“ wurde nicht veröffentlicht. Grund: %(r)s.")
    _notify(
        user=idea.author,
        subject=subject,
        body=body % {"t": idea.title, "u": _idea_url(idea), "r": idea.get_reject_reason_display()},
    )
    return idea


def idea_support(*, user, idea: Idea) -> bool:
    """Support a published idea once per account; True if counted now, False if it was counted before."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an, um eine Idee zu unterstützen."))
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(_("Diese Idee sammelt keine Unterstützung (mehr)."))
    if idea.author_id == user.pk:
        raise ValidationError(_("Die eigene Idee lässt sich nicht unterstützen."))
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=user)
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def idea_to_project(*, actor, idea: Idea):
    """One step from an idea to a non-public draft pilot project (status "Idee"), linked both ways; the
    author and the supporters are told, and the idea's page follows the project from now on."""
    from modellkommune.programme.constants import ProjectStatus
    from modellkommune.programme.services import project_create, project_free_slug

    _require_programme_office(actor)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(_("Nur veröffentlichte Ideen können als Projektentwurf aufgenommen werden."))
    origin = _("Aus der Idee „%(t)s“ von %(a)s, %(n)s Unterstützungen: %(u)s") % {
        "t": idea.title,
        "a": idea.public_author,
        "n": idea.support_count,
        "u": _idea_url(idea),
    }
    project = project_create(
        actor=actor,
        title=idea.title,
        goal=idea.description[:2000],
        slug=project_free_slug(idea.title),
        sectors=[idea.sector] if idea.sector_id else [],
        summary=_("Projektentwurf aus einer Idee von Bürgerinnen und Bürgern")[:300],
        description=f"{idea.description}\n\n{origin}",
        status=ProjectStatus.IDEA,
        public=False,
    )
    idea.project, idea.status = project, IdeaStatus.SELECTED
    idea.save(update_fields=["project", "status"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=idea, message=_("Projektentwurf: %(p)s") % {"p": project.slug}
    )
    recipients = [idea.author] + [s.user for s in idea.supports.select_related("user")]
    for user in {u.pk: u for u in recipients if u is not None}.values():
        _notify(
            user=user,
            subject=_("Eine Idee wird Projektentwurf: %(t)s") % {"t": idea.title[:150]},
            body=_(
                "Das Programmbüro hat die Idee „%(t)s“ als Projektentwurf aufgenommen. Den Fortschritt sehen Sie hier: %(u)s"
            )
            % {"t": idea.title, "u": _idea_url(idea)},
        )
    return project

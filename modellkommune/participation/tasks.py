"""E-mails of the participation app, on the task queue (eager without a broker)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import SuggestionStatus
from .models import Suggestion


def _track_url(suggestion: Suggestion) -> str:
    return settings.SITE_URL + reverse("participation:suggestion_track", args=[suggestion.token])


@shared_task
def suggestion_send_confirmation(suggestion_id: int) -> bool:
    from .services import suggestion_confirm_token

    suggestion = Suggestion.objects.filter(pk=suggestion_id, status=SuggestionStatus.UNCONFIRMED).first()
    if suggestion is None or not suggestion.email:
        return False
    link = settings.SITE_URL + reverse(
        "participation:suggestion_confirm", args=[suggestion_confirm_token(suggestion=suggestion)]
    )
    send_mail(
        subject=_("Bitte bestätigen Sie Ihre Eingabe an den Rat"),
        message="\n".join(
            [
                _("Guten Tag,"),
                "",
                _("Sie haben dem Rat eine %(k)s geschrieben: „%(t)s“.")
                % {"k": suggestion.get_kind_display(), "t": suggestion.title},
                _("Bitte bestätigen Sie sie innerhalb von 7 Tagen über diesen Link:"),
                link,
                "",
                _("Wenn Sie nichts eingereicht haben, ignorieren Sie diese E-Mail; die Eingabe wird dann gelöscht."),
            ]
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[suggestion.email],
    )
    return True


STEP_TEXT = {
    SuggestionStatus.RECEIVED: gettext_lazy("Ihre Eingabe ist beim Ratsbüro eingegangen."),
    SuggestionStatus.REGISTERED: gettext_lazy("Ihre Eingabe ist als Drucksache für den Rat registriert."),
    SuggestionStatus.ASSIGNED: gettext_lazy(
        "Ihre Eingabe wurde dem zuständigen Ausschuss zur Entscheidung überwiesen."
    ),
    SuggestionStatus.DECIDED: gettext_lazy("Über Ihre Eingabe ist entschieden worden."),
    SuggestionStatus.DECLINED: gettext_lazy("Ihre Eingabe kann vom Rat nicht behandelt werden."),
}


@shared_task
def suggestion_notify_petitioner(suggestion_id: int, status: str) -> bool:
    suggestion = Suggestion.objects.select_related("paper", "committee").filter(pk=suggestion_id).first()
    if suggestion is None or not suggestion.email or status not in STEP_TEXT:
        return False
    lines = [_("Guten Tag,"), "", str(STEP_TEXT[status])]
    if status in (SuggestionStatus.REGISTERED, SuggestionStatus.ASSIGNED) and suggestion.paper:
        lines.append(_("Drucksachennummer: %(r)s") % {"r": suggestion.paper.reference})
    if status == SuggestionStatus.ASSIGNED and suggestion.committee:
        lines.append(_("Zuständig: %(c)s") % {"c": suggestion.committee})
    if status in (SuggestionStatus.DECIDED, SuggestionStatus.DECLINED) and suggestion.decision:
        lines += ["", suggestion.decision]
    lines += ["", _("Den Stand Ihrer Eingabe sehen Sie jederzeit hier:"), _track_url(suggestion)]
    send_mail(
        subject=_("Ihre Eingabe an den Rat: %(t)s") % {"t": suggestion.title[:80]},
        message="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[suggestion.email],
    )
    return True


def _council_office_addresses() -> list[str]:
    from modellkommune.council.selectors import council_office_users

    return sorted({user.email for user in council_office_users() if user.email})


@shared_task
def suggestion_notify_council_office(suggestion_id: int) -> int:
    """The council office waits on new submissions: everyone with the council-office permission is told."""
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    recipients = _council_office_addresses()
    if suggestion is None or not recipients:
        return 0
    send_mail(
        subject=_("Neue %(k)s an den Rat: %(t)s") % {"k": suggestion.get_kind_display(), "t": suggestion.title[:80]},
        message="\n".join(
            [
                _("Eine neue Eingabe nach § 24 GO NRW wartet auf die Registrierung:"),
                settings.SITE_URL + reverse("participation:backoffice_suggestion", args=[suggestion.pk]),
            ]
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)


MOTION_EVENTS = {
    # event: (to the council office?, to the initiator?, subject)
    "proposed": (True, False, gettext_lazy("Neuer Einwohnerantrag zur Prüfung: %(t)s")),
    "opened": (False, True, gettext_lazy("Ihr Einwohnerantrag sammelt jetzt Unterstützung: %(t)s")),
    "submitted": (True, True, gettext_lazy("Einwohnerantrag hat das Quorum erreicht: %(t)s")),
    "registered": (False, True, gettext_lazy("Ihr Einwohnerantrag ist als Drucksache im Rat: %(t)s")),
    "closed": (False, True, gettext_lazy("Entscheidung zu Ihrem Einwohnerantrag: %(t)s")),
}


@shared_task
def motion_notify(motion_id: int, event: str) -> int:
    from .models import ResidentsMotion

    motion = ResidentsMotion.objects.select_related("initiator", "paper").filter(pk=motion_id).first()
    if motion is None or event not in MOTION_EVENTS:
        return 0
    to_office, to_initiator, subject = MOTION_EVENTS[event]
    recipients = _council_office_addresses() if to_office else []
    if to_initiator and motion.initiator and motion.initiator.email:
        recipients.append(motion.initiator.email)
    lines = [
        _("Guten Tag,"),
        "",
        _("Einwohnerantrag „%(t)s“: %(s)s.") % {"t": motion.title, "s": motion.get_status_display()},
        _("Unterstützungen: %(c)d von %(q)d.") % {"c": motion.support_count, "q": motion.threshold},
    ]
    if motion.paper:
        lines.append(_("Drucksachennummer: %(r)s") % {"r": motion.paper.reference})
    if motion.decision:
        lines += ["", motion.decision]
    lines += ["", settings.SITE_URL + reverse("participation:motion_detail", args=[motion.pk])]
    for recipient in sorted(set(recipients)):
        send_mail(
            subject=str(subject) % {"t": motion.title[:80]},
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
    return len(set(recipients))


@shared_task
def retention_enforce() -> dict:
    from .services import suggestions_retention_enforce
    from .services_consultation import comments_retention_enforce
    from .services_motion import motions_expire_and_forget

    return {**suggestions_retention_enforce(), **motions_expire_and_forget(), **comments_retention_enforce()}

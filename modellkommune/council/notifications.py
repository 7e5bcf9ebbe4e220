"""Who is told what in the council's process (issue 13): members of a body about their meetings and about
corrections of their minutes, the council office about incoming motions, the submitting member about each
step of their motion.

Members and whoever may stand in for them (labelled as deputies) get an e-mail (sent after the
transaction commits, one mail per recipient so no address is disclosed). Motion steps go into the recipient's mailbox in the portal (egov Message, which also sends
the e-mail hint without content); without the egov app they fall back to a plain e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Meeting, Paper, Person
from .selectors import council_office_users


def meeting_recipients(*, meeting: Meeting, deputies: bool = True) -> list[tuple[str, bool]]:
    """(e-mail, as deputy) for everyone told about the meeting, each address once, sorted: the members of
    its bodies on its day, then whoever may stand in for one of them (selectors_meetings: the deputy
    members, or where the bodies have none, the other members of the members' factions). Someone who is a
    member is told as a member only. Only persons with an active portal account and an address.
    `deputies=False`: the members alone (what concerns only those who belong to the bodies)."""
    from .selectors_meetings import deputy_candidates, meeting_deputies, meeting_members

    member_ids = [m.person_id for m in meeting_members(meeting=meeting)]
    deputy_ids = set()
    if deputies:
        deputy_ids.update(m.person_id for m in meeting_deputies(meeting=meeting))
        for persons in deputy_candidates(meeting=meeting).values():
            deputy_ids.update(p.pk for p in persons)
    emails = dict(
        Person.objects.filter(pk__in=[*member_ids, *deputy_ids], deleted=False, user__is_active=True)
        .exclude(user__email="")
        .values_list("pk", "user__email")
    )
    members = {emails[pk] for pk in member_ids if pk in emails}
    deputies = {emails[pk] for pk in deputy_ids if pk in emails} - members
    return sorted([(email, False) for email in members] + [(email, True) for email in deputies])


def meeting_notify(*, meeting: Meeting, event: str, previous_start=None) -> None:
    """Queue the members' notice about a convened, moved or cancelled meeting (after commit)."""
    from .tasks import meeting_notice_send

    previous = previous_start.isoformat() if previous_start else ""
    transaction.on_commit(lambda: meeting_notice_send.delay(meeting.pk, event, previous))


def minutes_corrected_notify(*, correction) -> None:
    """Queue the members' notice that approved minutes were corrected (after commit)."""
    from .tasks import minutes_correction_notice_send

    transaction.on_commit(lambda: minutes_correction_notice_send.delay(correction.pk))


def user_notify(*, user, subject: str, body: str) -> None:
    """In-app message (with its e-mail hint) if the mailbox exists, else a plain e-mail."""
    if user is None or not user.is_active:
        return
    try:
        from modellkommune.egov.services import message_send
    except ImportError:  # egov not installed: e-mail only
        message_send = None
    if message_send is not None:
        message_send(recipient=user, subject=subject, body=body, sender=_("Büro des Rates"))
        return
    if user.email:
        from django.core.mail import send_mail

        transaction.on_commit(
            lambda: send_mail(
                subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email]
            )
        )


def _paper_url(paper: Paper, *, backoffice: bool = False) -> str:
    name = "council:backoffice_paper" if backoffice else "council:my_papers"
    return settings.SITE_URL + (reverse(name, args=[paper.pk]) if backoffice else reverse(name))


def paper_submitted_notify(*, paper: Paper) -> None:
    faction = ", ".join(o.name for o in paper.originator_organizations.all())
    for user in council_office_users():
        user_notify(
            user=user,
            subject=_("Neuer Antrag eingegangen: %(t)s") % {"t": paper.name[:150]},
            body=_("%(f)s hat „%(t)s“ eingereicht (%(k)s).\n\nZur Registrierung: %(u)s")
            % {
                "f": faction,
                "t": paper.name,
                "k": paper.get_paper_type_display(),
                "u": _paper_url(paper, backoffice=True),
            },
        )


# Step of the motion -> (subject, text) for the submitting member.
_STEP_TEXT = {
    "registered": (
        _("Ihr Antrag ist registriert: %(r)s"),
        _("Das Büro des Rates hat „%(t)s“ als Drucksache %(r)s registriert und veröffentlicht."),
    ),
    "answered": (
        _("Die Verwaltung hat geantwortet: %(r)s"),
        _("Zu „%(t)s“ (%(r)s) liegt der Bericht der Verwaltung vor: %(x)s"),
    ),
    "scheduled": (
        _("Ihr Antrag steht auf der Tagesordnung: %(r)s"),
        _("„%(t)s“ (%(r)s) steht auf der Tagesordnung: %(x)s"),
    ),
    "decided": (
        _("Ergebnis zu Ihrem Antrag: %(r)s"),
        _("Zu „%(t)s“ (%(r)s) ist ein Ergebnis erfasst: %(x)s"),
    ),
}


def paper_step_notify(*, paper: Paper, step: str, detail: str = "") -> None:
    """Tell the member who submitted the motion (their faction's contact) about a step."""
    if paper.submitted_by_id is None:
        return
    subject, text = _STEP_TEXT[step]
    values = {"t": paper.name, "r": paper.reference or "–", "x": detail}
    body = text % values + "\n\n" + _("Ihre Anträge: %(u)s") % {"u": _paper_url(paper)}
    user_notify(user=paper.submitted_by, subject=(subject % values)[:200], body=body)

"""Background work of the egov app (Celery; eager when no broker is configured)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .constants import MessageDirection


@shared_task
def receipt_render(application_id: int) -> int:
    """Render and store the PDF receipt of a submitted application; returns its size in bytes."""
    from .models import Application
    from .receipt import receipt_pdf

    application = Application.objects.select_related("service", "service__department").get(pk=application_id)
    pdf = receipt_pdf(application)
    Application.objects.filter(pk=application_id).update(receipt_pdf=pdf)
    return len(pdf)


@shared_task
def message_email_send(message_id: int) -> bool:
    """Tell the citizen by e-mail that a new message waits in the mailbox (content stays in the portal)."""
    from .models import Message

    message = Message.objects.select_related("recipient").filter(pk=message_id).first()
    if message is None or message.direction != MessageDirection.TO_CITIZEN or not message.recipient.email:
        return False
    url = settings.SITE_URL + reverse("egov:message_detail", args=[message.pk])
    send_mail(
        subject=message.subject,
        message=_("Guten Tag,\n\nin Ihrem Postfach liegt eine neue Nachricht: %(s)s\n\nSie finden sie hier: %(u)s\n")
        % {"s": message.subject, "u": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[message.recipient.email],
    )
    return True


@shared_task
def staff_notify(application_id: int) -> bool:
    """Tell the person handling a case (else the department) that the applicant answered; no content."""
    from .models import Application

    application = Application.objects.select_related("assigned_to", "service__department").get(pk=application_id)
    to = (application.assigned_to.email if application.assigned_to else "") or application.service.department.email
    if not to:
        return False
    url = settings.SITE_URL + reverse("egov:backoffice_application", args=[application.pk])
    send_mail(
        subject=_("Antwort zum Antrag %(r)s") % {"r": application.reference},
        message=_("Zum Antrag %(r)s liegt eine Antwort der Antragstellerin / des Antragstellers vor:\n%(u)s\n")
        % {"r": application.reference, "u": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
    )
    return True


@shared_task
def retention_enforce() -> dict:
    """Daily: anonymise closed applications after their service's retention period; drop stale drafts."""
    from .privacy import retention_enforce_run

    return retention_enforce_run()

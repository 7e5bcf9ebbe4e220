"""No citizen reads another's application; staff only see their own department's queue."""

import pytest
from django.urls import reverse

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.egov.models import Message

pytestmark = pytest.mark.django_db


def _urls(application):
    f = application.files.get()
    return [
        reverse("egov:application_detail", args=[application.pk]),
        reverse("egov:application_edit", args=[application.pk]),
        reverse("egov:application_review", args=[application.pk]),
        reverse("egov:application_receipt", args=[application.pk]),
        reverse("egov:application_file", args=[application.pk, f.pk]),
    ]


def test_owner_can_open_everything(client, citizen, submitted):
    client.force_login(citizen)
    for url in _urls(submitted):
        assert client.get(url).status_code in (200, 302), url
    assert client.get(_urls(submitted)[-1]).content.startswith(b"%PDF")


def test_other_citizen_gets_404_by_id_file_and_receipt(client, other_citizen, submitted):
    client.force_login(other_citizen)
    for url in _urls(submitted):
        assert client.get(url).status_code == 404, url
    # the file id with the attacker's own (non-existing) application id is 404 as well
    f = submitted.files.get()
    assert client.get(reverse("egov:application_file", args=[submitted.pk + 1, f.pk])).status_code == 404
    assert client.post(submitted.get_absolute_url(), {"text": "hallo"}).status_code == 404
    assert (
        reverse("egov:application_detail", args=[submitted.pk])
        not in client.get(reverse("egov:application_list")).content.decode()
    )


def test_other_citizen_cannot_read_mailbox_message(client, citizen, other_citizen, submitted):
    message = Message.objects.get(recipient=citizen)
    client.force_login(other_citizen)
    assert client.get(reverse("egov:message_detail", args=[message.pk])).status_code == 404
    assert message.subject not in client.get(reverse("egov:mailbox")).content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_anonymous_is_sent_to_login(client, submitted):
    response = client.get(submitted.get_absolute_url())
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_citizen_cannot_open_back_office(client, citizen, submitted):
    client.force_login(citizen)
    assert client.get(reverse("egov:backoffice")).status_code == 403
    assert client.get(reverse("egov:backoffice_application", args=[submitted.pk])).status_code == 403


def test_staff_of_other_department_sees_nothing(client, other_clerk, submitted):
    login_with_mfa(client, other_clerk)
    assert submitted.reference not in client.get(reverse("egov:backoffice")).content.decode()
    assert client.get(reverse("egov:backoffice_application", args=[submitted.pk])).status_code == 404
    f = submitted.files.get()
    assert client.get(reverse("egov:backoffice_file", args=[submitted.pk, f.pk])).status_code == 404


def test_staff_of_department_and_administrator_see_it(client, clerk, administrator, submitted):
    login_with_mfa(client, clerk)
    assert submitted.reference in client.get(reverse("egov:backoffice")).content.decode()
    client.logout()
    login_with_mfa(client, administrator)
    assert submitted.reference in client.get(reverse("egov:backoffice")).content.decode()
    assert client.get(reverse("egov:backoffice_application", args=[submitted.pk])).status_code == 200


def test_drafts_are_invisible_to_staff(client, clerk, citizen, service):
    from modellkommune.egov import services

    draft = services.application_draft_start(user=citizen, service=service)
    login_with_mfa(client, clerk)
    assert client.get(reverse("egov:backoffice_application", args=[draft.pk])).status_code == 404

"""Einwohnerantrag (§ 25 GO NRW): quorum by law, one support per verified person, council paper at quorum."""

import pytest
from django.core import mail
from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.constants import PaperType
from modellkommune.egov.models import IdentityVerification

from ..constants import MotionStatus
from ..models import ResidentsMotion
from ..quorum import motion_quorum


@pytest.mark.parametrize(
    ("kind", "population", "quorum"),
    [
        ("kreisangehoerig", 92_000, 4000),  # Iserlohn: 5 % would be 4,600, the law caps at 4,000
        ("kreisangehoerig", 20_000, 1000),
        ("kreisangehoerig", 19_999, 1000),  # rounded up: 999.95 residents cannot sign
        ("kreisfrei", 150_000, 6000),
        ("kreisfrei", 600_000, 8000),
    ],
)
def test_quorum_follows_section_25_paragraph_3(settings, kind, population, quorum):
    settings.PARTICIPATION_MUNICIPALITY_KIND = kind
    settings.PARTICIPATION_MOTION_QUORUM = 0
    assert motion_quorum(population=population) == quorum


def _verified(email: str, *, level: str = "substantial", subject: str | None = None):
    user = UserFactory(email=email, first_name="Vera", last_name=email.split("@")[0].title())
    IdentityVerification.objects.create(
        user=user, provider="demo-bundid", subject=subject or f"sub-{email}", assurance_level=level,
        given_name="Vera", family_name=email.split("@")[0].title(),
    )  # fmt: skip
    return user


def test_a_motion_collects_verified_support_until_the_quorum_and_reaches_the_council(
    client, office, settings, django_capture_on_commit_callbacks
):
    settings.PARTICIPATION_MOTION_QUORUM = 2
    initiator = _verified("initiatorin@example.org")
    client.force_login(initiator)
    data = {
        "title": "Tempo 30 vor allen Grundschulen",
        "request": "Der Rat möge beschließen, vor allen Grundschulen Tempo 30 anzuordnen.",
        "reasoning": "Schulwege sind zu gefährlich.",
        "representatives": "Vera Initiatorin, Paul Zweiter",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participation:motion_create"), data)
    motion = ResidentsMotion.objects.get()
    assert motion.status == MotionStatus.REVIEW
    assert "buero@iserlohn.example" in {m.to[0] for m in mail.outbox}  # the office is told
    client.logout()
    assert client.get(reverse("participation:motion_detail", args=[motion.pk])).status_code == 404  # not yet public

    login_with_mfa(client, office)
    client.post(reverse("participation:backoffice_motion", args=[motion.pk]), {"action": "open"})
    motion.refresh_from_db()
    assert motion.status == MotionStatus.COLLECTING and motion.threshold == 2 and motion.deadline

    support = reverse("participation:motion_support", args=[motion.pk])
    unverified = UserFactory(email="ohne@example.org")
    client.force_login(unverified)
    client.post(support, {"address": "Poth 1", "confirm": "on"})
    weak = _verified("schwach@example.org", level="low")
    client.force_login(weak)
    client.post(support, {"address": "Poth 2", "confirm": "on"})
    motion.refresh_from_db()
    assert motion.support_count == 0  # no verified identity, or too weak: not counted

    client.force_login(_verified("eins@example.org"))
    client.post(support, {"address": "Poth 3", "confirm": "on"})
    client.post(support, {"address": "Poth 3", "confirm": "on"})  # twice with the same identity
    # the same identity behind a second account still counts once
    client.force_login(_verified("zweitkonto@example.org", subject="sub-eins@example.org"))
    client.post(support, {"address": "Poth 3", "confirm": "on"})
    motion.refresh_from_db()
    assert motion.support_count == 1
    mail.outbox.clear()
    client.force_login(_verified("zwei@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(support, {"address": "Poth 4", "confirm": "on"})
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED and motion.support_count == 2
    assert {"buero@iserlohn.example", "initiatorin@example.org"} <= {m.to[0] for m in mail.outbox}

    login_with_mfa(client, office)
    client.post(reverse("participation:backoffice_motion", args=[motion.pk]), {"action": "register"})
    motion.refresh_from_db()
    paper = motion.paper
    assert motion.status == MotionStatus.REGISTERED
    assert paper.paper_type == PaperType.EINWOHNERANTRAG and paper.reference.startswith("EA/") and paper.public
    assert paper.consultations.get().organizations.get().classification == "Rat"
    assert "Poth" not in paper.text and "Vera" in paper.text  # representatives are named, supporters are not
    client.post(
        reverse("participation:backoffice_motion", args=[motion.pk]),
        {"action": "decide", "decide-decision": "Der Rat hat zugestimmt."},
    )
    motion.refresh_from_db()
    assert motion.status == MotionStatus.DECIDED


def test_only_the_council_office_opens_or_registers(client, office):
    motion = ResidentsMotion.objects.create(
        title="x", request="y", reasoning="z", representatives="A", initiator=UserFactory()
    )
    login_with_mfa(client, StaffFactory(email="tiefbau@iserlohn.example"))
    assert (
        client.post(reverse("participation:backoffice_motion", args=[motion.pk]), {"action": "open"}).status_code == 403
    )
    motion.refresh_from_db()
    assert motion.status == MotionStatus.REVIEW


def test_proposing_needs_a_verified_identity_and_at_most_three_representatives(client, council):
    client.force_login(UserFactory(email="ohne@example.org"))
    data = {"title": "T", "request": "R", "reasoning": "B", "representatives": "A"}
    response = client.post(reverse("participation:motion_create"), data)
    assert response.status_code == 400 and "Identität" in response.content.decode()
    client.force_login(_verified("mit@example.org"))
    response = client.post(reverse("participation:motion_create"), {**data, "representatives": "A, B, C, D"})
    assert response.status_code == 400 and "bis drei" in response.content.decode()
    assert not ResidentsMotion.objects.exists()


def test_a_support_that_does_not_count_says_why_and_keeps_what_was_typed(client, office, settings):
    settings.PARTICIPATION_MOTION_QUORUM = 2
    from ..services_motion import motion_open

    motion = ResidentsMotion.objects.create(
        title="x", request="y", reasoning="z", representatives="A", initiator=UserFactory()
    )
    motion_open(actor=office, motion=motion)
    client.force_login(UserFactory(email="ohne-nachweis@example.org"))
    response = client.post(
        reverse("participation:motion_support", args=[motion.pk]),
        {"address": "Poth 9, 58636 Iserlohn", "confirm": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="support-error"' in page and 'value="Poth 9, 58636 Iserlohn"' in page
    # the identity button brings the person back to the motion's page, not to the POST-only support address
    assert f'name="next" value="{reverse("participation:motion_detail", args=[motion.pk])}"' in page
    motion.refresh_from_db()
    assert motion.support_count == 0

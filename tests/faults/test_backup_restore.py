"""`manage.py backup` and `restore` round-trip every row of every app and every uploaded file."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from qa_support import council_members_of_two_factions, load_demo, minimal_pdf


def _counts() -> dict:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label != "contenttypes.ContentType"
        and model._meta.label != "auth.Permission"
    }


def _media() -> dict:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _make_data():
    """Objects from several apps, one of them with an uploaded file."""
    from modellkommune.council.services import paper_submit

    # Every demo except the sensors' 60 000 observations (a JSON round trip of those takes minutes).
    load_demo(
        apps=["core", "accounts", "council", "egov", "egov.appointments", "egov.reports", "programme", "opendata"]
    )
    author, _other = council_members_of_two_factions()
    paper = paper_submit(
        actor=author,
        title="Antrag: Sanierung der Stadtbücherei",
        text="Die Verwaltung wird gebeten …",
        paper_type="Antrag",
        files=[("anlage.pdf", minimal_pdf("Anlage"))],
    )
    return paper, author


def _wreck(paper, author):
    """What an operator restores from: deleted rows, changed rows, a lost file."""
    from modellkommune.council.models import Membership

    Path(paper.main_file.content.path).unlink()
    paper.delete() if not hasattr(paper, "deleted") else type(paper)._base_manager.filter(pk=paper.pk).delete()
    author.first_name = "Überschrieben"
    author.save()
    Membership._base_manager.all().delete()


def _round_trip(tmp_path, method):
    paper, author = _make_data()
    counts, media = _counts(), _media()
    assert media, "the uploaded PDF should be in MEDIA_ROOT"
    archive = tmp_path / "sicherung.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), method=method, stdout=out)
    assert "Sicherung geschrieben" in out.getvalue()

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["method"] == method
    assert all(len(meta["sha256"]) == 64 for meta in manifest["files"].values())
    assert any(name.startswith("media/") for name in manifest["files"])

    _wreck(paper, author)
    assert _counts() != counts
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert _counts() == counts
    assert _media() == media
    author.refresh_from_db()
    assert author.first_name != "Überschrieben"
    restored = type(paper)._base_manager.get(pk=paper.pk)
    assert restored.name == "Antrag: Sanierung der Stadtbücherei"
    assert Path(restored.main_file.content.path).read_bytes() == minimal_pdf("Anlage")
    return archive


def test_round_trip_json(db, tmp_path):
    _round_trip(tmp_path, "json")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_round_trip_pg_dump(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL")
    _round_trip(tmp_path, "pgdump")


def test_restore_refuses_a_tampered_archive(db, tmp_path):
    load_demo(apps=["core", "accounts"])
    archive = tmp_path / "a.tar.gz"
    call_command("backup", str(archive), method="json", stdout=io.StringIO())
    tampered = tmp_path / "b.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data.json":
                data = data.replace(b"Iserlohn", b"Hackedorf")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    from modellkommune.accounts.models import User

    users = User.objects.count()
    with pytest.raises(CommandError, match="Prüfsumme"):
        call_command("restore", str(tampered), interactive=False, stdout=io.StringIO())
    assert User.objects.count() == users


def test_restore_refuses_paths_outside_media(db, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        payload = b"owned"
        info = tarfile.TarInfo("../../etc/cron.d/evil")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    with pytest.raises(CommandError, match="Unzulässiger Pfad"):
        call_command("restore", str(evil), interactive=False, stdout=io.StringIO())

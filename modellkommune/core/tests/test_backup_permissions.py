"""Backup archives hold every citizen's data: only their owner may read them (issue 11, Low)."""

import io
import os
import stat
import tarfile

from django.core.management import call_command


def test_backup_archive_is_readable_by_its_owner_only(db, tmp_path):
    old = os.umask(0o022)  # a typical umask that would leave new files world-readable
    try:
        target = tmp_path / "sicherung.tar.gz"
        call_command("backup", str(target), method="json", stdout=io.StringIO())
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with tarfile.open(target) as tar:
        assert "manifest.json" in tar.getnames()


def test_an_existing_world_readable_file_is_tightened(db, tmp_path):
    target = tmp_path / "sicherung.tar.gz"
    partial = tmp_path / "sicherung.tar.gz.partial"
    partial.write_bytes(b"alt")
    partial.chmod(0o644)
    call_command("backup", str(target), method="json", stdout=io.StringIO())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

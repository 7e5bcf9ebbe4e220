"""Upload abuse: files are checked by content and size, not by name (OWASP A04)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from qa_support import council_members_of_two_factions, minimal_pdf

from modellkommune.council.constants import MAX_UPLOAD_BYTES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _submit(client, upload):
    return client.post(
        reverse("council:paper_submit"),
        {"paper_type": "Antrag", "title": "Antrag mit Anlage", "text": "Siehe Anlage.", "files": [upload]},
    )


def test_non_pdf_renamed_to_pdf_is_refused(client, council_demo):
    from modellkommune.council.models import File, Paper

    author, _other = council_members_of_two_factions()
    client.force_login(author)
    papers, files = Paper.objects.count(), File.objects.count()
    for content in (PNG, HTML, ELF, b"%PDF"[:3] + b"X" * 20):
        response = _submit(client, SimpleUploadedFile("antrag.pdf", content, content_type="application/pdf"))
        assert response.status_code == 200
        assert "kein PDF-Dokument" in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode() or "files" in response.context["form"].errors
    assert Paper.objects.count() == papers
    assert File.objects.count() == files


def test_oversize_pdf_is_refused(client, council_demo):
    from modellkommune.council.models import Paper

    author, _other = council_members_of_two_factions()
    client.force_login(author)
    big = minimal_pdf() + b"%" + b"0" * (MAX_UPLOAD_BYTES + 1)
    response = _submit(client, SimpleUploadedFile("gross.pdf", big, content_type="application/pdf"))
    assert response.status_code in (200, 400, 413)
    assert not Paper.objects.filter(name="Antrag mit Anlage").exists()
    if response.status_code == 200:
        assert "zu groß" in response.content.decode()


def test_real_pdf_is_accepted_and_stored_under_a_safe_name(client, council_demo):
    from modellkommune.council.models import Paper

    author, _other = council_members_of_two_factions()
    client.force_login(author)
    response = _submit(
        client, SimpleUploadedFile("../../etc/passwd<script>.pdf", minimal_pdf(), content_type="application/pdf")
    )
    assert response.status_code == 302
    paper = Paper.objects.get(name="Antrag mit Anlage")
    stored = paper.main_file.content.name
    assert ".." not in stored and "<" not in stored and "/etc/" not in stored

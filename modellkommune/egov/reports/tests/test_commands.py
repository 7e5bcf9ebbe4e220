"""open311_key prints the key alone on its last line and stores only its hash; demo data is idempotent."""

import hashlib
from io import StringIO

from django.core.management import call_command

from ..constants import Moderation
from ..models import ApiKey, Category, Report


def test_open311_key_command(client, pothole):
    out = StringIO()
    call_command("open311_key", "--name", "Stadtwerke-App", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("o311_") and " " not in raw
    key = ApiKey.objects.get(name="Stadtwerke-App")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.values_list().get())
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": raw,
            "service_code": "schlagloch",
            "lat": "51.3759",
            "long": "7.6949",
            "attribute[groesse]": "klein",
        },
    )
    assert response.status_code == 201


def test_demo_is_idempotent(municipality):
    from .. import demo

    demo.load()
    demo.load()
    assert Category.objects.filter(code="schlagloch", department__name="Straßenbau und Verkehr").exists()
    assert Report.objects.count() == 42
    assert Report.objects.filter(moderation=Moderation.PUBLISHED).count() == 38
    assert all(municipality.contains(lat=r.lat, lon=r.lon) for r in Report.objects.all())


def test_admin_makes_key_and_shows_it_once(client, db):
    from django.contrib.messages import get_messages

    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa

    admin = StaffFactory(is_superuser=True, role="administrator")
    login_with_mfa(client, admin)
    response = client.post("/admin/reports/apikey/add/", {"name": "Bürger-App", "is_active": "on"})
    assert response.status_code == 302, response.content[:500]
    shown = [str(m) for m in get_messages(response.wsgi_request) if "wird nur jetzt angezeigt" in str(m)]
    assert len(shown) == 1
    raw = shown[0].rsplit(" ", 1)[-1]
    key = ApiKey.objects.get(name="Bürger-App")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()

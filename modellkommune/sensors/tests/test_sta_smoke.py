import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "testdata" / "sensorthings"


def test_smoke(sta, anon):
    r = anon.get("/")
    assert r.status_code == 200, r.content
    r = sta.post("/Things", json.loads((DATA / "thing_deep_insert.json").read_text()))
    assert r.status_code == 201, r.content
    print(r["Location"], r.json())
    r = anon.get(
        "/Things", **{"$expand": "Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc)),Locations"}
    )
    print(json.dumps(r.json(), indent=1, ensure_ascii=False)[:3000])
    assert r.status_code == 200

"""Locust scenario for bench/load_bench.py: what visitors and machines do on a town's site.

`PortalVisitor` reads pages (home, council, search, services, city data); `ApiClient` calls the
standard APIs (OParl, Open311, SensorThings); `StaticFile` fetches one CSS file, the ceiling of what the
same server can answer. Endpoints an app does not offer yet are probed once and left out.
"""

import os
import random

from locust import FastHttpUser, between, events, task

SEARCH_WORDS = ["Haushalt", "Schule", "Radweg", "Antrag", "Kita", "Straße", "Klimaschutz", "Bebauungsplan"]
OPTIONAL_PAGES = [
    "/buergerservice/",
    "/maengelmelder/",
    "/termine/",
    "/stadtdaten/",
    "/stadtdaten/verkehr/",
    "/opendata/",
    "/modellprojekte/",
]
OPTIONAL_APIS = [
    "/open311/v2/requests.json",
    "/open311/v2/services.json",
    "/sta/v1.1/Datastreams?$top=20",
    "/sta/v1.1/Things?$top=20",
]
_discovered: dict = {}
# Seconds a user waits between requests. 0 (default) drives the server as hard as the users can, which is
# what requests/s compare; e.g. LOAD_THINK_TIME=2 gives a calmer, more human pace for latency alone.
THINK = float(os.environ.get("LOAD_THINK_TIME", "0"))


@events.test_start.add_listener
def _discover(environment, **kwargs):
    """Find real ids and the endpoints that exist, once, before the clock starts."""
    from urllib.parse import urlsplit

    import httpx

    host = environment.host
    with httpx.Client(base_url=host, timeout=30) as http:
        body = http.get("/oparl/v1.1/body").json()["data"][0]
        # OParl ids are absolute URLs built from SITE_URL; the benchmark server may listen elsewhere.
        paper_list, meeting_list = urlsplit(body["paper"]).path, urlsplit(body["meeting"]).path
        papers = http.get(paper_list, params={"limit": 50}).json()["data"]
        _discovered["papers"] = [p["id"].rstrip("/").rsplit("/", 1)[-1] for p in papers] or ["1"]
        _discovered["paper_list_api"] = paper_list
        _discovered["meeting_list_api"] = meeting_list
        _discovered["pages"] = [p for p in OPTIONAL_PAGES if http.get(p).status_code == 200]
        _discovered["apis"] = [p for p in OPTIONAL_APIS if http.get(p).status_code == 200]


class PortalVisitor(FastHttpUser):
    weight = 4
    wait_time = between(THINK / 2, THINK)

    @task(10)
    def home(self):
        self.client.get("/", name="/")

    @task(3)
    def council_start(self):
        self.client.get("/rat/", name="/rat/")

    @task(6)
    def paper_list(self):
        self.client.get("/rat/vorlagen/", name="/rat/vorlagen/")

    @task(6)
    def paper_detail(self):
        self.client.get(f"/rat/vorlagen/{random.choice(_discovered['papers'])}/", name="/rat/vorlagen/<id>/")  # noqa: S311

    @task(4)
    def council_search(self):
        self.client.get("/rat/suche/", params={"q": random.choice(SEARCH_WORDS)}, name="/rat/suche/?q=")  # noqa: S311

    @task(2)
    def site_search(self):
        self.client.get("/suche/", params={"q": random.choice(SEARCH_WORDS)}, name="/suche/?q=")  # noqa: S311

    @task(6)
    def other_apps(self):
        if _discovered["pages"]:
            page = random.choice(_discovered["pages"])  # noqa: S311
            self.client.get(page, name=page)


class ApiClient(FastHttpUser):
    weight = 1
    wait_time = between(THINK / 4, THINK / 2)

    @task(4)
    def oparl_papers(self):
        self.client.get(_discovered["paper_list_api"], name="OParl paper list")

    @task(2)
    def oparl_meetings(self):
        self.client.get(_discovered["meeting_list_api"], name="OParl meeting list")

    @task(3)
    def oparl_paper(self):
        self.client.get(f"/oparl/v1.1/paper/{random.choice(_discovered['papers'])}", name="OParl paper")  # noqa: S311

    @task(4)
    def other_apis(self):
        if _discovered["apis"]:
            api = random.choice(_discovered["apis"])  # noqa: S311
            self.client.get(api, name=api)


class StaticFile(FastHttpUser):
    """The ceiling: a static file from the same gunicorn workers (WhiteNoise), no database."""

    wait_time = between(0, 0)

    @task
    def css(self):
        self.client.get("/static/css/site.css", name="static site.css")

"""core/startup.py: a server process freezes the app's objects once it has loaded them (in a subprocess, so
that the test process itself is left as it is)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, sys
import modellkommune.wsgi as wsgi
frozen = gc.get_freeze_count()
views_loaded = "modellkommune.sensors.api.views" in sys.modules and "modellkommune.council.api.views" in sys.modules
print(frozen, views_loaded, callable(wsgi.application))
"""


def test_the_wsgi_entry_freezes_the_loaded_app():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "modellkommune.settings.test"}
    done = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, views_loaded, app = done.stdout.split()[-3:]
    assert int(frozen) > 50_000, frozen  # the app's modules, classes and functions
    assert views_loaded == "True"  # the URLconf was loaded before freezing, not in the first request
    assert app == "True"

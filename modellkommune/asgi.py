import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.dev")
application = get_asgi_application()

from modellkommune.core.startup import settle  # noqa: E402 - after Django is set up

settle()  # the app's own objects out of the garbage collector's way (core/startup.py)

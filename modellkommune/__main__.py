"""`python -m modellkommune <command>` is the same as `manage.py <command>` (e.g. `python -m modellkommune demo`)."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.dev")
execute_from_command_line([sys.argv[0], *sys.argv[1:]])

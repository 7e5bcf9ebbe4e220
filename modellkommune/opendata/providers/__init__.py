"""Built-in providers of generated datasets; each module registers itself."""

from . import council, egov, programme, reports, sensors  # noqa: F401

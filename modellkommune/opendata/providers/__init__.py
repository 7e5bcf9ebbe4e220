"""Built-in providers of generated datasets; each module registers itself."""

from . import council, egov, participation, programme, reports, sensors  # noqa: F401

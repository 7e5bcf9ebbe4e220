"""Council information system: one module per OParl aggregate."""

from .attendance import Attendance, AttendanceStatus, FactionVote
from .base import OParlObject
from .body import Body, LegislativeTerm
from .file import File
from .importstate import ImportState
from .location import Location
from .meeting import AgendaItem, Meeting
from .minutes import Minutes, MinutesCorrection, MinutesStatus
from .organization import Membership, Organization, Person
from .paper import Consultation, Paper, SavedSearch

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Body",
    "Consultation",
    "FactionVote",
    "File",
    "ImportState",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Minutes",
    "MinutesCorrection",
    "MinutesStatus",
    "OParlObject",
    "Organization",
    "Paper",
    "Person",
    "SavedSearch",
]

# Issue 13: the administration's report drafts and the members' private notes (not OParl objects).
from .notes import PaperNote  # noqa: E402
from .reports import Report  # noqa: E402

__all__ += ["PaperNote", "Report"]

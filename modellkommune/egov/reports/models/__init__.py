from .apikey import ApiKey
from .category import Category, CategoryAttribute
from .followers import ReportFollower, ReportSupport
from .report import Report, ReportPhoto, ReportUpdate

__all__ = [
    "ApiKey",
    "Category",
    "CategoryAttribute",
    "Report",
    "ReportFollower",
    "ReportPhoto",
    "ReportSupport",
    "ReportUpdate",
]

from .apikey import ApiKey
from .category import Category, CategoryAttribute
from .report import Report, ReportPhoto, ReportUpdate

__all__ = ["ApiKey", "Category", "CategoryAttribute", "Report", "ReportPhoto", "ReportUpdate"]

from .catalogue import BestPractice, Partner
from .maturity import AreaScoreSnapshot, Indicator, IndicatorSnapshot
from .project import FundingSource, Milestone, Project, ProjectKpi, ProjectPaper, ProjectPartner
from .report import PublishedReport

__all__ = [
    "AreaScoreSnapshot",
    "BestPractice",
    "FundingSource",
    "Indicator",
    "IndicatorSnapshot",
    "Milestone",
    "Partner",
    "Project",
    "ProjectKpi",
    "ProjectPaper",
    "ProjectPartner",
    "PublishedReport",
]

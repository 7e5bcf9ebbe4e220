from .catalogue import BestPractice, Partner
from .maturity import AreaScoreSnapshot, Indicator, IndicatorSnapshot
from .project import (
    FundingSource,
    Milestone,
    Project,
    ProjectKpi,
    ProjectKpiSnapshot,
    ProjectPaper,
    ProjectPartner,
)
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
    "ProjectKpiSnapshot",
    "ProjectPaper",
    "ProjectPartner",
    "PublishedReport",
]

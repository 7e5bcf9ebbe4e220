from django.contrib import admin

from modellkommune.core.admin import AuditedModelAdmin

from .forms import IndicatorAdminForm, KpiAdminForm
from .models import (
    AreaScoreSnapshot,
    BestPractice,
    FundingSource,
    Indicator,
    IndicatorSnapshot,
    Milestone,
    Partner,
    Project,
    ProjectKpi,
    ProjectPaper,
    ProjectPartner,
    PublishedReport,
)


class FundingInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["partner"]


class KpiInline(admin.StackedInline):
    model = ProjectKpi
    form = KpiAdminForm
    extra = 0


class PaperInline(admin.TabularInline):
    model = ProjectPaper
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["title", "status", "department", "budget", "public"]
    list_filter = ["status", "egovernment", "sectors", "public"]
    search_fields = ["title", "summary", "goal"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sectors", "best_practices"]
    inlines = [FundingInline, MilestoneInline, PartnerInline, KpiInline, PaperInline]


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BestPractice)
class BestPracticeAdmin(AuditedModelAdmin):
    list_display = ["title", "town", "transferability", "published"]
    list_filter = ["transferability", "published", "sectors"]
    search_fields = ["title", "town", "problem", "solution"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sectors"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    form = IndicatorAdminForm
    list_display = ["name", "area", "source", "manual_value", "target_value", "weight"]
    list_filter = ["area", "source"]
    search_fields = ["name", "code"]
    filter_horizontal = ["measures"]


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(AuditedModelAdmin):
    list_display = ["indicator", "date", "value", "target_value"]
    list_filter = ["date"]


@admin.register(AreaScoreSnapshot)
class AreaScoreSnapshotAdmin(AuditedModelAdmin):
    list_display = ["area", "date", "score"]
    list_filter = ["area"]


@admin.register(PublishedReport)
class PublishedReportAdmin(AuditedModelAdmin):
    list_display = ["title", "kind", "period", "paper_reference", "published_at"]
    list_filter = ["kind"]
    readonly_fields = ["published_at"]

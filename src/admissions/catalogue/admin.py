from django.contrib import admin

from admissions.catalogue import models


class EntryLevelInline(admin.StackedInline):
    model = models.EntryLevel
    extra = 0


class RequirementInline(admin.TabularInline):
    model = models.DocumentRequirement
    extra = 0


class CriterionInline(admin.TabularInline):
    model = models.ReviewCriterion
    extra = 0


class AdviceInline(admin.StackedInline):
    model = models.Advice
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "kind", "designation", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name_en", "name_fr", "slug"]
    inlines = [EntryLevelInline, RequirementInline, CriterionInline, AdviceInline]


class RoundInline(admin.TabularInline):
    model = models.Round
    extra = 0


class PanelInline(admin.TabularInline):
    model = models.Panel
    extra = 0


@admin.register(models.Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["programme", "academic_year", "starts_on", "places"]
    list_filter = ["programme"]
    inlines = [RoundInline, PanelInline]


@admin.register(models.DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr"]
    search_fields = ["code", "name_en"]

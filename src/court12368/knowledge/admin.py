from django.contrib import admin

from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import ScopedChoices
from court12368.knowledge import services
from court12368.knowledge.models import Article, ArticleVersion, FeeSchedule


class ArticleVersionInline(ScopedChoices, admin.TabularInline):
    model = ArticleVersion
    extra = 0
    can_delete = False
    fields = ["version", "saved_at", "saved_by", "title"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ["title", "topic", "version", "is_published", "updated_at"]
    list_filter = ["topic", "is_published"]
    search_fields = ["title", "body", "slug"]
    readonly_fields = ["version", "updated_at", "updated_by"]
    inlines = [ArticleVersionInline]

    def save_model(self, request, obj, form, change):
        services.save_article(obj, by=request.user)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(AuditedAdmin):
    list_display = ["court", "divorce", "personality", "non_property", "ip_without_amount", "rounding"]

"""系统配置 → 法院 → 导入法院和人员: upload the rollout spreadsheet (courts/importing.py), read the errors by
row or the result with the new logins, and download the blank template.

A court's administrator imports into the courts they configure (core/admin_scope.py: their court and those
below it), and may add a court whose higher court is one of them; a platform administrator imports
anywhere. Mixed into CourtAdmin, whose add or change permission it asks for.
"""

import io

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from court12368.core import audit
from court12368.core.admin_scope import configured_courts, is_platform_administrator
from court12368.courts import importing
from court12368.courts.import_layout import (
    COLUMNS,
    HEADERS,
    REQUIRED,
    SHEET_NAMES,
    choice_labels,
    template_csv,
    template_workbook,
)

MAX_UPLOAD_MB = 20
TEMPLATES = {
    "xlsx": (template_workbook, "法院和人员导入模板.xlsx"),
    "csv": (template_csv, "法院和人员导入模板.csv"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_MB})
        return upload


def layout() -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each sheet with its columns (header, what goes there, required), as the page shows the format."""
    return [
        (SHEET_NAMES[sheet], [(HEADERS[key], text, key in REQUIRED[sheet]) for key, text in columns.items()])
        for sheet, columns in COLUMNS.items()
    ]


class CourtImportViews:
    change_list_template = "admin/courts/court/change_list.html"  # adds the import button

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        guarded = self.admin_site.admin_view
        return [
            path("import/", guarded(self.import_view), name=f"{name}_import"),
            path(
                "import/template.<str:extension>",
                guarded(self.import_template_view),
                name=f"{name}_import_template",
            ),
            *super().get_urls(),
        ]

    def _check_may_import(self, request) -> None:
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied

    def import_view(self, request):
        self._check_may_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        result = errors = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            scope = None if is_platform_administrator(request) else configured_courts(request)
            try:
                result = importing.import_file(
                    upload, upload.name, scope=scope, actor=request.user, ip=audit.client_ip(request),
                    channel="admin",
                )  # fmt: skip
            except importing.ImportFailed as failed:
                errors = failed.errors
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import courts and staff"),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "errors": errors,
            "errors_title": errors and _("%(count)d errors: nothing was imported.") % {"count": len(errors)},
            "platform_wide": is_platform_administrator(request),
            "layout": layout(),
            "labels": [(HEADERS[key], "、".join(names)) for key, names in choice_labels().items()],
        }
        return TemplateResponse(request, "admin/courts/court/import.html", context)

    def import_template_view(self, request, extension: str):
        self._check_may_import(request)
        if extension not in TEMPLATES:
            raise Http404
        build, filename = TEMPLATES[extension]
        return FileResponse(io.BytesIO(build()), as_attachment=True, filename=filename)

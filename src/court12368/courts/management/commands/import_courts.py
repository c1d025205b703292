"""`court12368 import-courts FILE`: a province's courts, departments and staff from one spreadsheet
(courts/importing.py; the layout in courts/import_layout.py and docs/rollout.md)."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from court12368.courts import importing
from court12368.courts.import_layout import template_csv, template_workbook


class ProgressBar:
    """``导入进度 [#####.....] 120/480 (25%)`` on one line of the terminal, redrawn as rows are written."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total
        if percent == self.shown and done != total:
            return  # redraw once per per cent: thousands of rows stay cheap
        self.shown = percent
        filled = done * self.WIDTH // total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        label = _("Import progress")
        self.stream.write(f"\r{label} [{bar}] {done}/{total} ({percent}%)")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "导入法院、部门和人员（.xlsx 含“法院”“部门”“人员”工作表，或带“类别”列的 .csv）"
        " / import courts, departments and staff"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--template", action="store_true", help="write the blank template (.xlsx or .csv) to FILE instead"
        )

    def handle(self, *args, file: Path, template: bool = False, **options):
        file = Path(file)  # call_command's keyword options skip argparse's `type`
        if template:
            return self._write_template(file)
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            result = importing.import_file(file, file.name, progress=ProgressBar(sys.stderr))
        except importing.ImportFailed as failed:
            for line in failed.errors:
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d errors: nothing was imported.") % {"count": len(failed.errors)}
            ) from None
        self.stdout.write(result.summary())
        if result.staff_created:
            heading = _("New logins (no password yet: an administrator sets it in 系统配置 → 工作人员):")
            self.stdout.write(heading)
            for username, full_name, court_code in result.staff_created:
                self.stdout.write(f"  {username}\t{full_name}\t{court_code}")

    def _write_template(self, file: Path) -> None:
        content = template_csv() if file.suffix.lower() == ".csv" else template_workbook()
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise CommandError(_("The file exists already; it is not overwritten: %(path)s") % {
                "path": file
            }) from None  # fmt: skip
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        self.stdout.write(_("Template written to %(path)s") % {"path": file})

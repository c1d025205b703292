import csv
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from court12368.cases import importing
from court12368.core import audit
from court12368.core.text import spreadsheet_safe


class Command(BaseCommand):
    help = "导入审判流程系统的案件（CSV、Excel .xlsx 或 JSON）/ import cases from the trial-process system"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--passwords-out",
            type=Path,
            help="generate passwords for parties without one; write them (once) to this new CSV file",
        )

    def handle(self, *args, file: Path, passwords_out: Path | None, **options):
        # call_command's keyword options skip argparse's `type`: the CLI hands them over as text.
        file, passwords_out = Path(file), Path(passwords_out) if passwords_out else None
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        if passwords_out and passwords_out.exists():
            raise CommandError(f"密码输出文件已存在，不会覆盖：{passwords_out}")
        try:
            records = importing.read_file(file)
            cleaned, errors = importing.validate(records)
        except importing.ImportFailed as failed:
            errors = failed.errors
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError(f"发现 {len(errors)} 处错误，未导入任何数据 / nothing was imported")

        def progress(done: int, total: int) -> None:
            if done == total or done % 200 == 0:
                sys.stderr.write(f"\r导入进度 {done}/{total} ({done * 100 // total}%)")
                if done == total:
                    sys.stderr.write("\n")

        try:
            result = importing.upsert(cleaned, generate_passwords=bool(passwords_out), progress=progress)
        except IntegrityError as error:  # e.g. a password already held by a party of another case
            raise CommandError(f"导入失败，未导入任何数据：数据与已有记录冲突（{error}）") from error
        audit.record(
            "import_cases",
            channel="system",
            file=file.name,
            created=result["created"],
            updated=result["updated"],
            passwords_issued=len(result["passwords"]),
            without_judge=result["without_judge"],
            without_clerk=result["without_clerk"],
            staff_unlinked=len(result["staff_notes"]),
        )
        if passwords_out:
            _write_passwords(passwords_out, result["passwords"])
        self.stdout.write(
            f"新增 {result['created']} 件，更新 {result['updated']} 件"
            + (
                f"；已生成 {len(result['passwords'])} 个诉讼服务密码，写入 {passwords_out}"
                if passwords_out
                else ""
            )
        )
        for line in staff_report(result):
            self.stdout.write(line)


def staff_report(result: dict) -> list[str]:
    """How many of the file's cases reach no judge or clerk on the platform, and why, row by row."""
    lines = [
        f"未关联承办法官的案件 {result['without_judge']} 件，未关联书记员的案件 {result['without_clerk']} 件"
    ]
    if result["staff_notes"]:
        lines.append(f"以下 {len(result['staff_notes'])} 处未能关联到工作人员，案件已按姓名导入：")
        lines += result["staff_notes"]
    return lines


def _write_passwords(path: Path, rows) -> None:
    """The only place new passwords are ever written in clear: a new file readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["案号", "当事人", "诉讼地位", "诉讼服务密码"])
        # Party names come from the imported file: written so a spreadsheet shows them, never runs them.
        writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)

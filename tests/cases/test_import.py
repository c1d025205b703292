import csv
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from court12368.cases import services
from court12368.cases.models import Case, Hearing, Party, ServicePassword
from court12368.core.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = [
    "案号",
    "法院代字",
    "案由",
    "立案日期",
    "阶段",
    "承办法官",
    "当事人",
    "诉讼地位",
    "证件号码",
    "预留电话",
    "诉讼服务密码",
    "开庭时间",
    "开庭地点",
    "法庭",
]
GOOD_ROWS = [
    [
        "(2026)京0105民初501号",
        "京0105",
        "民间借贷纠纷",
        "2026-03-01",
        "审理中",
        "王法官",
        "张三",
        "原告",
        "110105199001011234",
        "13912345678",
        "",
        "2026-12-01 09:30",
        "本院",
        "第一法庭",
    ],
    [
        "(2026)京0105民初501号",
        "京0105",
        "民间借贷纠纷",
        "2026-03-01",
        "审理中",
        "王法官",
        "李四",
        "被告",
        "",
        "",
        "12345678",
        "2026-12-01 09:30",
        "本院",
        "第一法庭",
    ],
    [
        "（2026）京0105执88号",
        "京0105",
        "申请执行",
        "2026-04-02",
        "执行中",
        "赵法官",
        "王五",
        "申请人",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def write_csv(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_csv_import_creates_cases_parties_hearings_and_is_idempotent(court, tmp_path):
    path = write_csv(tmp_path / "cases.csv", GOOD_ROWS)
    call_command("import_cases", path)
    case = Case.objects.get(number="（2026）京0105民初501号")
    assert case.stage == "in_trial" and case.category == "civil" and case.procedure == "ordinary"
    assert sorted(case.parties.values_list("name", "role")) == [("张三", "plaintiff"), ("李四", "defendant")]
    assert Hearing.objects.filter(case=case).count() == 1
    zhang = Party.objects.get(name="张三")
    assert zhang.id_masked == "1101**********1234" and "110105199001011234" not in str(Party.objects.values())
    li = Party.objects.get(name="李四")
    assert li.service_password.digest == services.password_digest("12345678")
    assert Case.objects.get(number="（2026）京0105执88号").category == "enforcement"

    call_command("import_cases", path)  # again: updates, never duplicates
    assert (Case.objects.count(), Party.objects.count(), Hearing.objects.count()) == (2, 3, 1)
    assert AuditEntry.objects.filter(action="import_cases").count() == 2


def test_a_bad_file_writes_nothing_and_says_why_in_chinese(court, tmp_path, capsys):
    bad = [
        *GOOD_ROWS,
        ["2026京0105民初9号", "京0105", "", "", "", "", "甲", "原告", "", "", "", "", "", ""],
        [
            "（2026）京0105民初10号",
            "京9999",
            "",
            "2026-13-01",
            "",
            "",
            "乙",
            "法官",
            "",
            "",
            "12ab",
            "",
            "",
            "",
        ],
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    with pytest.raises(CommandError) as error:
        call_command("import_cases", path)
    assert "未导入任何数据" in str(error.value)
    err = capsys.readouterr().err
    assert "第5行：案号错误" in err
    assert "第6行：法院代字“京9999”与案号中的“京0105”不一致" in err
    assert "立案日期“2026-13-01”不是有效日期" in err
    assert "诉讼地位“法官”无法识别" in err
    assert "诉讼服务密码应为6至16位数字" in err
    assert "缺少诉讼地位" not in err
    assert not Case.objects.exists() and not Party.objects.exists()


def test_json_with_nested_parties_and_events(court, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(
        json.dumps(
            [
                {
                    "number": "（2026）京0105民初700号",
                    "court_code": "京0105",
                    "procedure": "summary",
                    "stage": "filed",
                    "parties": [
                        {
                            "name": "某公司",
                            "role": "plaintiff",
                            "kind": "legal",
                            "agents": [{"name": "钱律师", "firm": "某律师事务所"}],
                        }
                    ],
                    "events": [{"at": "2026-05-01T09:00:00+08:00", "stage": "filed", "description": "立案"}],
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    call_command("import_cases", path)
    case = Case.objects.get()
    assert case.procedure == "summary"
    assert case.parties.get().agents.get().name == "钱律师"
    assert case.events.get().description == "立案"


def test_xlsx_import(court, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in GOOD_ROWS:
        sheet.append(row)
    path = tmp_path / "cases.xlsx"
    book.save(path)
    call_command("import_cases", path)
    assert Case.objects.count() == 2


def test_generated_passwords_are_written_once_to_a_private_file(court, tmp_path):
    path = write_csv(tmp_path / "cases.csv", GOOD_ROWS)
    out = tmp_path / "passwords.csv"
    call_command("import_cases", path, passwords_out=out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))[1:]
    assert {r[1] for r in rows} == {"张三", "王五"}  # 李四 came with the court's own password
    zhang = next(r for r in rows if r[1] == "张三")
    assert (
        services.verify_identity(channel="console", case_number=zhang[0], password=zhang[3]).party.name
        == "张三"
    )
    with pytest.raises(CommandError):  # never overwrites an earlier password file
        call_command("import_cases", path, passwords_out=out)
    assert ServicePassword.objects.count() == 3


def test_the_documented_command_writes_the_password_file(court, tmp_path):
    """`court12368 import-cases FILE --passwords-out F`, as the README says it (issue 22: it crashed with
    AttributeError: 'str' object has no attribute 'exists')."""
    from court12368 import cli

    path = write_csv(tmp_path / "cases.csv", GOOD_ROWS)
    out = tmp_path / "passwords.csv"
    umask = os.umask(0o077)
    try:
        assert cli.main(["import-cases", str(path), "--passwords-out", str(out)]) == 0
        assert cli.main(["import-cases", str(path), "--passwords-out", str(out)]) == 1  # never overwrites
    finally:
        os.umask(umask)
    assert {r[1] for r in list(csv.reader(out.open(encoding="utf-8-sig")))[1:]} == {"张三", "王五"}


def test_unsupported_file_type(court, tmp_path):
    path = tmp_path / "cases.txt"
    path.write_text("x")
    with pytest.raises(CommandError):
        call_command("import_cases", path)


def test_a_password_already_held_by_another_party_fails_cleanly(court, tmp_path):
    call_command("import_cases", write_csv(tmp_path / "a.csv", GOOD_ROWS))
    clash = [
        ["（2026）京0105民初502号", "京0105", "", "", "", "", "钱七", "原告", "", "", "12345678", "", "", ""]
    ]
    with pytest.raises(CommandError) as error:
        call_command("import_cases", write_csv(tmp_path / "b.csv", clash))
    assert "未导入任何数据" in str(error.value)
    assert not Case.objects.filter(number="（2026）京0105民初502号").exists()


# ---- issue 20, item 3: the file import follows the sync's rules -----------------------------------
def test_cross_court_case_takeover_through_the_import_is_refused(court, tmp_path, capsys):
    from court12368.demo.factories import CaseFactory, CourtFactory

    haidian = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    CaseFactory(court=haidian, number="（2026）京0108民初6号", cause="离婚纠纷")
    row = ["(2026)京0108民初6号", "京0105", "", "", "", "", "钱八", "原告", "", "13000000000", "", "", "", ""]
    with pytest.raises(CommandError):
        call_command("import_cases", write_csv(tmp_path / "takeover.csv", [row]))
    assert "与案号中的“京0108”不一致" in capsys.readouterr().err
    case = Case.objects.get(number="（2026）京0108民初6号")
    assert case.court == haidian and case.cause == "离婚纠纷" and not case.parties.exists()


def test_an_import_without_some_columns_keeps_those_values(court, tmp_path):
    call_command("import_cases", write_csv(tmp_path / "full.csv", GOOD_ROWS))
    row = ["(2026)京0105民初501号", "closed", "张三", "原告"]
    call_command(
        "import_cases",
        write_csv(tmp_path / "short.csv", [row], header=["案号", "阶段", "当事人", "诉讼地位"]),
    )
    case = Case.objects.get(number="（2026）京0105民初501号")
    assert (case.stage, case.cause, case.judge_name) == ("closed", "民间借贷纠纷", "王法官")
    assert Party.objects.get(name="张三").phone == "13912345678"


def test_an_import_without_the_hearing_place_keeps_it(court, tmp_path):
    call_command("import_cases", write_csv(tmp_path / "full.csv", GOOD_ROWS))
    row = ["(2026)京0105民初501号", "张三", "原告", "2026-12-01 09:30"]
    call_command(
        "import_cases",
        write_csv(tmp_path / "short.csv", [row], header=["案号", "当事人", "诉讼地位", "开庭时间"]),
    )
    hearing = Hearing.objects.get()
    assert (hearing.place, hearing.courtroom) == ("本院", "第一法庭")

"""Issue 22 item 3: a province imports its courts, departments and staff from one spreadsheet, all or
nothing, idempotent, within the administrator's courts."""

import csv
import io
import json

import pytest
from django.db.models.signals import post_save
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from court12368 import cli
from court12368.core.models import AuditEntry
from court12368.courts import importing
from court12368.courts.models import Court, CourtLevel, Department, Role, ServiceHours, Staff
from court12368.courts.signals import staff_changed
from court12368.demo.factories import CourtFactory, StaffFactory

pytestmark = pytest.mark.django_db

COURTS = [
    [
        "法院代字",
        "上级法院代字",
        "法院名称",
        "简称",
        "电话区号",
        "服务开始",
        "服务结束",
        "午休开始",
        "午休结束",
    ],
    ["浙0782", "浙07", "浙江省义乌市人民法院", "义乌法院", "0579", "08:30", "17:30", "12:00", "14:00"],
    ["浙0783", "浙07", "浙江省东阳市人民法院", "东阳法院", "0579", "", "", "", ""],
]
DEPARTMENTS = [
    ["法院代字", "部门", "部门类型", "办公电话"],
    ["浙0782", "立案庭", "立案庭", "0579-85000001"],
    ["浙0782", "民事审判第一庭", "民庭", ""],
    ["浙0782", "诉讼服务中心", "litigation_service", ""],
]
STAFF = [
    ["法院代字", "工号", "姓名", "角色", "部门", "办公电话", "手机"],
    ["浙0782", "yw001", "王立案", "部门负责人", "立案庭", "0579-85000002", "13812341234"],
    ["浙0782", "yw002", "李法官", "法官", "民事审判第一庭", "", "13900001111"],
    ["浙0782", "yw003", "赵坐席", "坐席", "诉讼服务中心", "", ""],
    ["浙0782", "yw004", "陈管理", "管理员", "", "", ""],
]


def workbook(path, courts=COURTS, departments=DEPARTMENTS, staff=STAFF):
    book = Workbook()
    book.active.title = "说明"  # ignored, as in the template
    for title, rows in (("法院", courts), ("部门", departments), ("人员", staff)):
        if rows:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def province(db):
    """浙江: the high court and two intermediate courts; the administrator of 金华中院 (浙07)."""
    high = CourtFactory(code="浙", name="浙江省高级人民法院", level=CourtLevel.HIGH, area_code="0571")
    jinhua = CourtFactory(
        code="浙07",
        name="浙江省金华市中级人民法院",
        level=CourtLevel.INTERMEDIATE,
        parent=high,
        area_code="0579",
    )
    hangzhou = CourtFactory(
        code="浙01",
        name="浙江省杭州市中级人民法院",
        level=CourtLevel.INTERMEDIATE,
        parent=high,
        area_code="0571",
    )
    admin = StaffFactory(court=jinhua, role=Role.ADMINISTRATOR, username="jinhua.admin", department=None)
    return jinhua, hangzhou, admin


def test_a_workbook_adds_courts_departments_and_staff_and_the_same_file_again_changes_nothing(
    province, tmp_path
):
    jinhua, _hangzhou, _admin = province
    path = workbook(tmp_path / "浙江.xlsx")
    result = importing.import_file(path, path.name)

    yiwu = Court.objects.get(code="浙0782")
    assert yiwu.level == CourtLevel.BASIC and yiwu.parent == jinhua  # the level comes from the code
    hours = ServiceHours.objects.get(court=yiwu)
    assert f"{hours.opens:%H:%M}-{hours.closes:%H:%M} {hours.lunch_starts:%H:%M}" == "08:30-17:30 12:00"
    assert not ServiceHours.objects.filter(court__code="浙0783").exists()
    kinds = dict(Department.objects.filter(court=yiwu).values_list("name", "kind"))
    assert kinds == {"立案庭": "filing", "民事审判第一庭": "civil", "诉讼服务中心": "litigation_service"}
    head = Staff.objects.get(username="yw001")
    assert (head.role, head.department.name, head.mobile) == (Role.DEPARTMENT_HEAD, "立案庭", "13812341234")
    assert Staff.objects.get(username="yw003").role == Role.AGENT  # 坐席
    admin = Staff.objects.get(username="yw004")
    assert admin.is_staff and not admin.is_superuser  # rights follow the role
    assert not any(s.has_usable_password() for s in Staff.objects.filter(username__startswith="yw"))
    assert result.courts_created == ["浙0782", "浙0783"]
    assert [login for login, _name, _court in result.staff_created] == ["yw001", "yw002", "yw003", "yw004"]
    entry = AuditEntry.objects.get(action="courts.imported")
    assert entry.details["staff_created"] == ["yw001", "yw002", "yw003", "yw004"]

    audited = AuditEntry.objects.count()
    again = importing.import_file(path, path.name)
    assert (again.courts_created, again.courts_updated, again.staff_created, again.staff_updated) == (
        [], [], [], []
    )  # fmt: skip
    assert (again.departments_created, again.departments_updated, again.unchanged) == (0, 0, 9)
    assert AuditEntry.objects.count() == audited + 1  # the import itself, no change
    assert Court.objects.count() == 5 and Staff.objects.filter(username__startswith="yw").count() == 4

    # A changed row updates (an empty cell keeps the stored value); the change is audited, masked.
    changed = [STAFF[0], ["浙0782", "yw002", "", "部门负责人", "", "", "13900002222"]]
    path = workbook(tmp_path / "changed.xlsx", courts=None, departments=None, staff=changed)
    result = importing.import_file(path, path.name)
    judge = Staff.objects.get(username="yw002")
    assert result.staff_updated == ["yw002"]
    assert (judge.full_name, judge.role, judge.department.name) == (
        "李法官",
        "department_head",
        "民事审判第一庭",
    )
    record = AuditEntry.objects.get(action="courts.staff.changed", subject_id=str(judge.pk))
    assert record.details["after"]["mobile"] == "139****2222" and record.channel == "import"


def test_one_bad_row_imports_nothing_and_each_error_names_sheet_row_and_column(province, tmp_path):
    bad_staff = [
        *STAFF,
        ["浙0782", "yw005", "钱书记", "书记员", "刑事审判庭", "", ""],  # no such department
        ["浙0782", "yw006", "孙法官", "庭长助理", "", "", "12345"],  # unknown role, bad mobile
    ]
    bad_courts = [*COURTS, ["浙0784", "浙07", "浙江省永康市人民法院", "", "0579", "17:30", "08:30", "", ""]]
    path = workbook(tmp_path / "bad.xlsx", courts=bad_courts, staff=bad_staff)
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(path, path.name)
    errors = failed.value.errors
    assert "工作表“人员”第6行，部门：本院没有名为“刑事审判庭”的部门。" in errors
    assert any(e.startswith("工作表“人员”第7行，角色：“庭长助理”无法识别") for e in errors)
    assert any(e.startswith("工作表“人员”第7行，手机：") for e in errors)
    assert "工作表“法院”第4行，服务开始：开始时间必须早于结束时间。" in errors
    # Nothing of the good rows either: not the courts, not their departments, not the staff.
    assert not Court.objects.filter(code__in=["浙0782", "浙0783", "浙0784"]).exists()
    assert not Department.objects.filter(name="立案庭").exists()
    assert not Staff.objects.filter(username__startswith="yw").exists()
    assert AuditEntry.objects.get(action="courts.import_refused").details["errors"] == len(errors)
    assert "12345" not in json.dumps(errors)  # the mobile given is never repeated


def test_a_code_and_a_level_that_disagree_and_a_wrong_parent_level(province, tmp_path):
    courts = [
        ["法院代字", "上级法院代字", "法院名称", "级别", "电话区号"],
        ["浙0782", "浙07", "浙江省义乌市人民法院", "中级人民法院", "0579"],
        ["浙0783", "浙", "浙江省东阳市人民法院", "", "0579"],
        ["浙07x", "浙", "无效法院", "", "0579"],
    ]
    path = workbook(tmp_path / "levels.xlsx", courts=courts, departments=None, staff=None)
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(path, path.name)
    text = "\n".join(failed.value.errors)
    assert "工作表“法院”第2行，法院代字：" in text and "第3行，上级法院代字：" in text
    assert "第4行，法院代字：无法识别法院代字“浙07x”" in text


def test_an_account_of_another_court_is_not_taken_over(province, tmp_path):
    _jinhua, hangzhou, _admin = province
    StaffFactory(court=hangzhou, username="yw001", department=None)
    path = workbook(tmp_path / "clash.xlsx")
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_file(path, path.name)
    assert failed.value.errors == [
        "工作表“人员”第2行，工号：工号“yw001”已属于其他法院的账号，不能通过本次导入修改。"
    ]
    assert Staff.objects.get(username="yw001").court == hangzhou


def test_new_courts_fire_post_save_and_staff_changed_is_sent_per_court(province, tmp_path):
    saved, changed = [], []

    def on_save(sender, instance, created, **kwargs):
        saved.append((instance.code, created))

    def on_staff(sender, court, **kwargs):
        changed.append((sender, court.code))

    post_save.connect(on_save, sender=Court, dispatch_uid="test-import-court-saved")
    staff_changed.connect(on_staff, dispatch_uid="test-import-staff-changed")
    try:
        importing.import_file(workbook(tmp_path / "a.xlsx"), "a.xlsx")
    finally:
        post_save.disconnect(sender=Court, dispatch_uid="test-import-court-saved")
        staff_changed.disconnect(dispatch_uid="test-import-staff-changed")
    assert ("浙0782", True) in saved and ("浙0783", True) in saved
    assert changed == [(Staff, "浙0782")]


def test_one_csv_with_a_category_column(province, tmp_path):
    header = [
        "类别",
        "法院代字",
        "上级法院代字",
        "法院名称",
        "电话区号",
        "部门",
        "部门类型",
        "工号",
        "姓名",
        "角色",
    ]
    rows = [
        ["法院", "浙0782", "浙07", "浙江省义乌市人民法院", "0579", "", "", "", "", ""],
        ["部门", "浙0782", "", "", "", "信访办公室", "信访部门", "", "", ""],
        ["人员", "浙0782", "", "", "", "信访办公室", "", "yw010", "周信访", "部门负责人"],
    ]
    path = tmp_path / "rollout.csv"
    # Excel on Chinese Windows saves CSV in GB18030.
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    result = importing.import_file(path, path.name)
    assert result.courts_created == ["浙0782"] and result.departments_created == 1
    assert Staff.objects.get(username="yw010").department.kind == "petition"


def test_the_documented_command_shows_progress_and_the_new_logins_never_a_mobile(province, tmp_path, capsys):
    """`court12368 import-courts FILE`, as docs/rollout.md says it."""
    path = workbook(tmp_path / "浙江.xlsx")
    assert cli.main(["import-courts", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "导入进度" in err and "100%" in err
    assert "人员：新增 4 人" in out and "yw001\t王立案\t浙0782" in out
    assert "13812341234" not in out + err
    assert "13812341234" not in json.dumps(list(AuditEntry.objects.values_list("details", flat=True)))

    bad = workbook(tmp_path / "bad.xlsx", courts=None, departments=None, staff=[*STAFF, ["浙9999", "x1"]])
    assert cli.main(["import-courts", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "工作表“人员”第6行，法院代字：找不到法院代字为“浙9999”的法院" in err and "未导入任何数据" in err

    template = tmp_path / "template.xlsx"
    assert cli.main(["import-courts", "--template", str(template)]) == 0
    assert load_workbook(template).sheetnames == ["说明", "法院", "部门", "人员"]
    assert cli.main(["import-courts", "--template", str(template)]) == 1  # never overwrites


def test_the_admin_page_imports_within_the_administrators_courts_only(client, province, tmp_path):
    jinhua, hangzhou, admin = province
    client.force_login(admin)
    url = reverse("admin:courts_court_import")
    page = client.get(url)
    assert page.status_code == 200 and "导入法院和人员" in page.content.decode()
    template = client.get(reverse("admin:courts_court_import_template", args=["xlsx"]))
    assert load_workbook(io.BytesIO(b"".join(template.streaming_content))).sheetnames[1:] == [
        "法院",
        "部门",
        "人员",
    ]
    assert "导入法院和人员" in client.get(reverse("admin:courts_court_changelist")).content.decode()

    # A new basic court below their intermediate court, with its departments and staff: theirs.
    with workbook(tmp_path / "ok.xlsx").open("rb") as upload:
        done = client.post(url, {"file": upload})
    assert done.status_code == 200
    assert "法院：新增 2 个" in done.content.decode() and "yw004" in done.content.decode()
    assert Court.objects.get(code="浙0782").parent == jinhua
    assert AuditEntry.objects.get(action="courts.imported").actor == admin

    # Nothing outside their courts: a court under 杭州中院, nor staff of 杭州中院 itself.
    outside = [COURTS[0], ["浙0102", "浙01", "浙江省杭州市上城区人民法院", "", "0571", "", "", "", ""]]
    staff = [STAFF[0], ["浙01", "hz001", "杭州法官", "法官", "", "", ""]]
    with workbook(tmp_path / "out.xlsx", courts=outside, departments=None, staff=staff).open("rb") as upload:
        refused = client.post(url, {"file": upload}).content.decode()
    assert "未导入任何数据" in refused
    assert "工作表“法院”第2行，上级法院代字：您无权配置法院“浙01”" in refused
    assert "工作表“人员”第2行，法院代字：您无权配置法院“浙01”" in refused
    assert not Court.objects.filter(code="浙0102").exists() and not Staff.objects.filter(username="hz001")
    assert hangzhou.staff.count() == 0

    # A judge does not reach 系统配置 at all.
    client.force_login(Staff.objects.get(username="yw002"))
    assert client.get(url).status_code == 302

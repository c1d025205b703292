"""factory_boy factories shared by the tests and the demo data.

Each ``_create`` goes through the services, so demo data and test fixtures obey the same validation as
real input. Fake values are Chinese (Faker zh_CN) and reproducible with :func:`reseed`.
"""

import datetime
from functools import cache

import factory
import factory.random
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory
from faker import Faker

from court12368.cases import services as case_services
from court12368.courts import services
from court12368.courts.models import Court, CourtLevel, Department, DepartmentKind, Role, ServiceHours, Staff

DEFAULT_PASSWORD = "court-demo-12368"  # noqa: S105 - the published demo password, printed at start-up
faker = Faker("zh_CN")


@cache
def default_password_hash() -> str:
    return make_password(DEFAULT_PASSWORD)


def office_phone(court: Court) -> str:
    """A landline in the court's area: area code, then an 8-digit local number."""
    return f"{court.area_code}-{faker.numerify('6#######')}"


def reseed(seed: int) -> None:
    """Make every factory's fake data repeat exactly for the same seed."""
    factory.random.reseed_random(seed)
    faker.seed_instance(seed)
    Faker.seed(seed)


class CourtFactory(DjangoModelFactory):
    class Meta:
        model = Court

    level = CourtLevel.BASIC
    code = factory.Sequence(lambda n: f"豫{10 + n // 100 % 90:02d}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"测试市第{n}区人民法院")
    short_name = factory.LazyAttribute(lambda o: o.name.removesuffix("人民法院"))
    area_code = "010"
    address = factory.LazyFunction(lambda: faker.address().split(" ")[0])
    parent = None

    @classmethod
    def _create(cls, model_class, **fields):
        return services.create_court(**fields)


class ServiceHoursFactory(DjangoModelFactory):
    class Meta:
        model = ServiceHours

    court = factory.SubFactory(CourtFactory)
    opens = datetime.time(8, 30)
    closes = datetime.time(17, 30)
    lunch_starts = datetime.time(12, 0)
    lunch_ends = datetime.time(13, 30)

    @classmethod
    def _create(cls, model_class, court, **hours):
        return services.set_service_hours(court, **hours)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    court = factory.SubFactory(CourtFactory)
    kind = DepartmentKind.CIVIL
    name = factory.Sequence(lambda n: f"民事审判第{n}庭")
    phone = factory.LazyAttribute(lambda o: office_phone(o.court))

    @classmethod
    def _create(cls, model_class, court, **fields):
        return services.create_department(court, **fields)


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    username = factory.Sequence(lambda n: f"staff{n}")
    password_hash = factory.LazyFunction(default_password_hash)
    full_name = factory.LazyFunction(lambda: faker.name())
    role = Role.AGENT
    court = factory.SubFactory(CourtFactory)
    department = None
    office_phone = factory.LazyAttribute(lambda o: office_phone(o.court) if o.court else "")
    mobile = factory.LazyFunction(lambda: faker.phone_number())

    @classmethod
    def _create(cls, model_class, **fields):
        return services.create_staff(**fields)


# ---- cases ----------------------------------------------------------------------------------
CAUSES = {
    "民初": [
        "民间借贷纠纷",
        "买卖合同纠纷",
        "离婚纠纷",
        "机动车交通事故责任纠纷",
        "房屋租赁合同纠纷",
        "劳动争议",
        "物业服务合同纠纷",
        "金融借款合同纠纷",
    ],
    "民终": ["民间借贷纠纷", "买卖合同纠纷", "房屋买卖合同纠纷"],
    "刑初": ["盗窃罪", "危险驾驶罪", "诈骗罪", "故意伤害罪"],
    "行初": ["政府信息公开", "行政处罚", "行政许可"],
    "执": ["申请执行民间借贷纠纷判决", "申请执行买卖合同纠纷判决"],
}


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Case"

    court = factory.SubFactory(CourtFactory)
    year = 2026
    type_code = "民初"
    # Far above the small numbers tests write by hand, so a long run never makes one of theirs twice.
    number = factory.LazyAttributeSequence(
        lambda o, n: f"（{o.year}）{o.court.code}{o.type_code}{n + 70001}号"
    )
    category = factory.LazyAttribute(lambda o: case_services.category_for(o.type_code))
    cause = factory.LazyAttribute(
        lambda o: factory.random.randgen.choice(CAUSES.get(o.type_code, ["其他纠纷"]))
    )
    procedure = factory.LazyAttribute(lambda o: case_services.default_procedure(o.type_code))
    filed_on = factory.LazyFunction(
        lambda: datetime.date(2026, 1, 5) + datetime.timedelta(days=factory.random.randgen.randrange(0, 300))
    )
    judge_name = factory.LazyFunction(lambda: faker.name())
    clerk_name = factory.LazyFunction(lambda: faker.name())
    panel = ""


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Party"

    case = factory.SubFactory(CaseFactory)
    name = factory.LazyFunction(lambda: faker.name())
    role = "plaintiff"
    kind = "natural"
    phone = factory.LazyFunction(lambda: faker.phone_number())

    class Params:
        id_number = None

    @factory.lazy_attribute
    def id_digest(self):
        return case_services.id_digest(self.id_number) if self.id_number else ""

    @factory.lazy_attribute
    def id_masked(self):
        return case_services.mask_id(self.id_number) if self.id_number else ""


class HearingFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Hearing"

    case = factory.SubFactory(CaseFactory)
    # A week ahead of today, so "the next hearing" stays in the future whenever the tests run.
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(
            hour=1, minute=30, second=0, microsecond=0
        )
    )
    place = "本院"
    courtroom = factory.Sequence(lambda n: f"第{n % 12 + 1}法庭")

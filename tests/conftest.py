import pytest

from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, DepartmentFactory, ServiceHoursFactory, StaffFactory


def pytest_configure(config):
    from django.conf import settings

    # Real hashing is deliberately slow; tests that do not test hashing need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render from the source tree; the hashed manifest exists only after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def court(db):
    court = CourtFactory(code="京0105", name="北京市朝阳区人民法院", short_name="朝阳区人民法院")
    ServiceHoursFactory(court=court)
    return court


@pytest.fixture
def department(court):
    return DepartmentFactory(court=court, name="民事审判第一庭", kind="civil")


@pytest.fixture
def make_staff(court, department):
    def make(role=Role.AGENT, **fields):
        fields.setdefault("court", court)
        fields.setdefault("department", department if fields["court"] == court else None)
        return StaffFactory(role=role, **fields)

    return make


@pytest.fixture
def yiwu(court):
    from court12368.workorders.lifecycle import policy

    return policy.apply_preset(court, "yiwu")


@pytest.fixture
def luoyang(court):
    from court12368.workorders.lifecycle import policy

    return policy.apply_preset(court, "luoyang")

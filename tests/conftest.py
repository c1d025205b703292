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


# Modules whose subject reaches the database no differently on SQLite and PostgreSQL (real phones and a
# real SBC in real time, the speech recogniser, the SIP parser's fuzzing, the classifiers' held-out
# evaluation, the pages' markup under axe and the content security policy): scripts/test runs them in its
# SQLite leg only (-m "not one_database" on PostgreSQL), where
# they cost minutes a leg and would only repeat themselves.
ONE_DATABASE = {
    "tests/ivr/test_baresip.py",
    "tests/ivr/test_kamailio.py",
    "tests/ivr/test_whisper.py",
    "tests/ivr/test_sip_robustness.py",
    "tests/ivr/test_sip_media.py",
    "tests/ivr/test_speech.py",
    "tests/ivr/test_machine.py",
    "tests/knowledge/test_heldout.py",
    "tests/knowledge/test_training.py",
    "tests/e2e/test_accessibility.py",
    "tests/e2e/test_csp.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::")[0] in ONE_DATABASE:
            item.add_marker(pytest.mark.one_database)


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

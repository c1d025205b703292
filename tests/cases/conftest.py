import pytest

from court12368.cases import services
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory

ID_NUMBER = "110105199001011234"


@pytest.fixture
def case(court):
    case = CaseFactory(
        court=court,
        number="（2026）京0105民初100号",
        type_code="民初",
        judge_name="王法官",
        panel="王法官、李法官、赵法官",
    )
    HearingFactory(case=case)
    return case


@pytest.fixture
def party(case):
    return PartyFactory(case=case, name="张三", role="plaintiff", id_number=ID_NUMBER, phone="13912345678")


@pytest.fixture
def password(party):
    return services.issue_password(party)

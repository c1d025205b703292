import pytest

from court12368.courts.models import CourtLevel, PublicNumber
from court12368.demo.factories import CourtFactory, ServiceHoursFactory
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.engines import FakeEngine


@pytest.fixture
def line(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.IVR_QUEUE_MAX_WAIT = 20
    engine = FakeEngine(tone=True)
    return engine, Voice(PromptCache(tmp_path / "prompts", engine))


@pytest.fixture
def courts(court):
    yiwu = CourtFactory(code="浙0782", name="浙江省义乌市人民法院", area_code="0579")
    luoyang = CourtFactory(
        code="豫03", name="河南省洛阳市中级人民法院", area_code="0379", level=CourtLevel.INTERMEDIATE
    )
    for other in (yiwu, luoyang):
        ServiceHoursFactory(court=other)
    PublicNumber.objects.create(court=court, number="010-50105368")
    PublicNumber.objects.create(court=yiwu, number="0579-85212368")
    PublicNumber.objects.create(court=luoyang, number="0379-63212368")
    return {"01050105368": court, "057985212368": yiwu, "037963212368": luoyang}

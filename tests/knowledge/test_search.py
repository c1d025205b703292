import pytest

from court12368.knowledge import services
from court12368.knowledge.models import Article, ArticleVersion
from court12368.knowledge.queries import answer
from court12368.knowledge.refusal import substantive_reason
from court12368.knowledge.search import Index, expand, invalidate

pytestmark = pytest.mark.django_db

ARTICLES = [
    (
        "appeal-civil",
        "appeal",
        "不服一审民事判决，多长时间内可以上诉？",
        ["判决书收到后多久能上诉"],
        "当事人不服地方人民法院第一审判决的，有权在判决书送达之日起十五日内向上一级人民法院提起上诉。",
        ["民事诉讼法第一百七十一条"],
    ),
    (
        "enforcement-period",
        "enforcement",
        "申请强制执行有没有期限？",
        ["对方不给钱怎么办"],
        "申请执行的期间为二年，从法律文书规定履行期间的最后一日起计算。",
        ["民事诉讼法第二百五十条"],
    ),
    (
        "filing-conditions",
        "filing",
        "起诉需要符合哪些条件？",
        ["我想打官司需要什么条件"],
        "起诉必须有明确的被告，有具体的诉讼请求和事实、理由，属于人民法院受理民事诉讼的范围和受诉人民法院管辖。",
        ["民事诉讼法第一百二十二条"],
    ),
    (
        "fee-relief",
        "fee_relief",
        "交不起诉讼费怎么办？",
        ["没钱交诉讼费"],
        "当事人交纳诉讼费用确有困难的，可以依照规定向人民法院申请缓交、减交或者免交诉讼费用的司法救助。",
        ["诉讼费用交纳办法第四十四条"],
    ),
]


@pytest.fixture
def articles():
    Article.objects.all().delete()
    for slug, topic, title, questions, body, basis in ARTICLES:
        Article.objects.create(
            slug=slug, topic=topic, title=title, questions=questions, body=body, short=body[:60], basis=basis
        )
    invalidate()
    yield
    invalidate()


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("判决书送达以后几天内能上诉", "appeal-civil"),
        ("法院判了对方不给钱怎么办", "enforcement-period"),
        ("我要打官司，要什么条件", "filing-conditions"),
        ("诉讼费太贵交不起", "fee-relief"),
    ],
)
def test_plain_language_questions_find_the_right_article(articles, question, slug):
    result = answer(question)
    assert result.substantive is None
    assert result.hits[0].article.slug == slug


def test_snippet_is_the_matching_sentence(articles):
    hit = answer("申请执行期限多长")
    assert "二年" in hit.hits[0].snippet


def test_lay_words_are_expanded():
    assert "起诉" in expand("我想打官司")
    assert "执行" in expand("对方不给钱")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("我这个官司能不能赢", "outcome"),
        ("法官会怎么判", "outcome"),
        ("车祸能赔多少钱", "amount"),
        ("他这样算不算诈骗罪", "guilt"),
        ("酒驾会判几年", "guilt"),
        ("这件事谁的责任", "merit"),
        ("对方违约了吗", "merit"),
    ],
)
def test_substantive_questions_are_refused(articles, question, reason):
    assert substantive_reason(question) == reason
    result = answer(question)
    assert result.refusal and "12348" in result.refusal and result.hits == []


@pytest.mark.parametrize(
    "question",
    [
        "诉讼费要多少钱",
        "上诉期是多少天",
        "怎么申请强制执行",
        "离婚案件去哪个法院起诉",
        "开庭要带什么材料",
        "判决书什么时候送达",
    ],
)
def test_procedural_questions_are_not_refused(question):
    assert substantive_reason(question) is None


def test_edits_are_versioned_and_reindexed(articles, admin_user):
    article = Article.objects.get(slug="appeal-civil")
    assert answer("上诉")  # builds the index
    article.body = "不服第一审判决的，可以在判决书送达之日起十五日内上诉；不服裁定的，十日内。"
    services.save_article(article, by=admin_user)
    assert article.version == 2
    assert ArticleVersion.objects.filter(article=article, version=2).exists()
    assert "裁定" in answer("不服裁定多久上诉").hits[0].article.body  # the index saw the edit


def test_an_empty_index_finds_nothing():
    assert Index([]).search("上诉") == []


def test_api_search_and_refusal(client, articles):
    body = client.get("/api/v1/knowledge/search", {"q": "判决书送达以后几天内能上诉"}).json()
    assert body["results"][0]["slug"] == "appeal-civil" and body["substantive"] is False
    refused = client.get("/api/v1/knowledge/search", {"q": "我能赢吗"}).json()
    assert refused["substantive"] is True and refused["results"] == []
    assert client.get("/api/v1/knowledge/articles/appeal-civil").json()["basis"] == [
        "民事诉讼法第一百七十一条"
    ]
    assert client.get("/api/v1/knowledge/articles/nope").status_code == 404


def test_console_panel(client, articles, make_staff):
    client.force_login(make_staff(role="agent"))
    body = client.get("/knowledge/search/", {"q": "对方不给钱"}).content.decode()
    assert "申请强制执行有没有期限" in body
    assert 'data-testid="refusal"' in client.get("/knowledge/search/", {"q": "能赔多少"}).content.decode()

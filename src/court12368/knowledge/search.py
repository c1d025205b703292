"""Chinese search over the articles: jieba words, lay-term synonyms, BM25 ranking.

Callers say 打官司 for 起诉 and 对方不给钱 for 执行; the synonym table adds the article's words to the
query. The index is built once per process and rebuilt when an article changes (or after a minute, for
changes made by another process).
"""

import logging
import re
import threading
import time
from dataclasses import dataclass

import jieba
from rank_bm25 import BM25Okapi

jieba.setLogLevel(logging.WARNING)

# Lay words → the words the articles use. Keys are matched as substrings of the query.
SYNONYMS = {
    "打官司": "起诉 立案",
    "告状": "起诉 立案",
    "告他": "起诉",
    "告对方": "起诉",
    "状告": "起诉",
    "判决书": "判决 裁判文书 送达",
    "判了": "判决",
    "不服": "上诉 再审",
    "不给钱": "执行 强制执行",
    "不还钱": "执行 强制执行 借贷",
    "要不回": "执行 强制执行",
    "赖账": "执行",
    "拖着不给": "执行",
    "钱要回来": "执行",
    "诉讼费": "诉讼费用 案件受理费 交纳",
    "受理费": "案件受理费 诉讼费用",
    "交不起": "司法救助 缓交 减交 免交",
    "没钱": "司法救助 缓交 减交 免交",
    "减免": "司法救助 减交 免交",
    "退钱": "退还 退费",
    "退费": "退还",
    "多久": "期限 日内",
    "几天": "期限 日内",
    "多长时间": "期限",
    "什么时候": "期限",
    "上诉期": "上诉 期限",
    "开庭": "庭审 开庭",
    "不去开庭": "缺席 拒不到庭 按撤诉",
    "没去开庭": "缺席 拒不到庭",
    "哪个法院": "管辖",
    "去哪告": "管辖 起诉",
    "在哪里告": "管辖 起诉",
    "法官电话": "联系法官",
    "密码": "诉讼服务密码",
    "查案子": "案件信息 查询",
    "进度": "案件信息 查询 流程",
    "上访": "信访",
    "投诉": "信访 投诉",
    "看卷": "阅卷 查阅",
    "复印材料": "阅卷 复制",
    "证据": "证据 举证",
    "调解": "调解",
    "和解": "调解 和解",
    "离婚": "离婚",
}
STOPWORDS = set(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "我",
        "你",
        "他",
        "她",
        "想",
        "要",
        "请问",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "什么",
        "可以",
        "可不可以",
        "能",
        "能不能",
        "需要",
        "是",
        "在",
        "有",
        "没有",
        "和",
        "与",
        "或",
        "一个",
        "这个",
        "那个",
        "就",
        "还",
        "都",
        "也",
        "被",
        "把",
        "给",
        "对",
        "会",
        "该",
        "去",
        "到",
        "从",
        "为",
        "以",
        "及",
        "等",
        "之",
        "其",
    ]
)
PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
CACHE_SECONDS = 60
# When the best article is only the nearest one, not an answer: a question scores below this share of what
# the article's own title scores against it, or shares no word with it beyond the ones every question to
# a court uses. On the held-out procedural questions 93% still find an article; off-topic ones
# ("你们食堂几点开饭") find none (docs/classifier.md). Others are shown beside the best at half its score.
MIN_SHARE_OF_TITLE = 0.25
# …or, for a short question ("怎么起诉"), half of what its words could score at most: a long title scores far
# more than a two-word question ever can, though the question asks exactly what the article answers.
MIN_SHARE_OF_QUESTION = 0.5
GENERIC = frozenset(
    {
        "法院",
        "人民法院",
        "可以",
        "什么",
        "怎么",
        "哪里",
        "多久",
        "时候",
        "需要",
        "一下",
        "这个",
        "就是",
        "请问",
    }
)


def tokens(text: str) -> list[str]:
    words = [w for w in jieba.cut_for_search(text) if not PUNCT.fullmatch(w) and w not in STOPWORDS]
    return [w for w in words if w.strip()]


def expand(query: str) -> list[str]:
    words = tokens(query)
    for lay, formal in SYNONYMS.items():
        if lay in query:
            words.extend(formal.split())
    return words


@dataclass
class Hit:
    article: object
    score: float
    snippet: str


class Index:
    def __init__(self, articles: list):
        self.articles = articles
        # Title and the alternative questions count twice: they are how people ask.
        corpus = [tokens(" ".join([a.title, *a.questions] * 2 + [a.body])) for a in articles]
        self.bm25 = BM25Okapi(corpus) if corpus else None
        self.words = [set(doc) for doc in corpus]
        # A question's word no article has counts as the rarest (answers); read once, not per search.
        self.unknown_idf = max(self.bm25.idf.values(), default=0.0) if self.bm25 else 0.0
        # What each article scores for its own title: the scale its scores are read against.
        self.title_scores = [
            max(float(self.bm25.get_scores(expand(a.title))[i]), 1e-9) if self.bm25 else 1.0
            for i, a in enumerate(articles)
        ]

    def answers(self, i: int, words: list[str], score: float) -> bool:
        """Whether article ``i`` answers the question, rather than merely being the nearest."""
        shared = {w for w in words if len(w) >= 2 and w not in GENERIC} & self.words[i]
        if not shared:
            return False
        idf = self.bm25.idf
        most = sum(idf.get(w, self.unknown_idf) * (self.bm25.k1 + 1) for w in words)
        return score >= MIN_SHARE_OF_TITLE * self.title_scores[i] or score >= MIN_SHARE_OF_QUESTION * most

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        words = expand(query)
        if not words or self.bm25 is None:
            return []
        scores = self.bm25.get_scores(words)
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        if not ranked or not self.answers(ranked[0], words, scores[ranked[0]]):
            return []
        return [
            Hit(self.articles[i], float(scores[i]), snippet(self.articles[i].body, words))
            for i in ranked[:limit]
            if scores[i] >= scores[ranked[0]] / 2 and self.answers(i, words, scores[i])
        ]


def snippet(body: str, words: list[str], width: int = 80) -> str:
    """The sentence of the answer that shares most words with the query."""
    sentences = [s for s in re.split(r"(?<=[。；！？])", body) if s.strip()]
    best = max(sentences, key=lambda s: sum(w in s for w in words), default=body)
    return best if len(best) <= width else best[: width - 1] + "…"


_lock = threading.Lock()
_index: tuple[float, Index] | None = None


def current_index() -> Index:
    global _index
    with _lock:
        if _index and time.monotonic() - _index[0] < CACHE_SECONDS:
            return _index[1]
    from court12368.knowledge.models import Article

    index = Index(list(Article.objects.filter(is_published=True).order_by("pk")))
    with _lock:
        _index = (time.monotonic(), index)
    return index


def invalidate() -> None:
    global _index
    with _lock:
        _index = None

"""The XML the official-account server sends and the passive replies it reads (微信公众平台《接收普通消息》
《被动回复用户消息》).

A message is a flat ``<xml>`` whose children are its fields (ToUserName, FromUserName, CreateTime,
MsgType, Content, MsgId, Event, Encrypt ...). It is read with expat and nothing else: a document type
declaration or an entity of any kind is refused before it is expanded (no billion laughs, no external
entities), and only the direct children of ``<xml>`` are kept. Pure: no Django.
"""

import time
from xml.parsers import expat

MAX_BODY = 32 * 1024  # a text message is at most 2,048 bytes of content; anything this size is not WeChat
MAX_FIELDS = 64
# The official limit is 2,048 bytes for a passive text reply; longer ones are cut by the client or refused.
MAX_REPLY_BYTES = 2048
NO_REPLY = "success"  # the protocol's "nothing to say": the server then shows the user nothing


class BadMessage(ValueError):
    """A body that is not a message of the protocol."""


def parse(body: bytes) -> dict[str, str]:
    """The fields of a message: each direct child of ``<xml>`` with its text."""
    if len(body) > MAX_BODY:
        raise BadMessage("body too large")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    fields: dict[str, str] = {}
    path: list[str] = []

    def refuse(*_args):
        raise BadMessage("document type declarations and entities are not accepted")

    def start(name, _attributes):
        if not path and name != "xml":
            raise BadMessage("the root element must be <xml>")
        path.append(name)
        if len(path) == 2:
            if len(fields) >= MAX_FIELDS:
                raise BadMessage("too many fields")
            fields.setdefault(name, "")

    def end(_name):
        path.pop()

    def text(data):
        if len(path) == 2:
            fields[path[1]] += data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(body, True)
    except expat.ExpatError as error:
        raise BadMessage(f"not well-formed XML: {error}") from error
    if not fields and not path:
        raise BadMessage("an empty message")
    return {name: value.strip() for name, value in fields.items()}


def cdata(value: str) -> str:
    """A CDATA section holding ``value`` exactly, even one that contains ``]]>``."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def fit(text: str, limit: int = MAX_REPLY_BYTES) -> str:
    """The text cut to ``limit`` UTF-8 bytes at a character boundary, marked when cut."""
    if len(text.encode()) <= limit:
        return text
    cut = text.encode()[: limit - len("…".encode())].decode(errors="ignore")
    return cut + "…"


def text_reply(*, to_user: str, from_user: str, content: str, now: float | None = None) -> str:
    """A passive text reply: to the user's OpenID, from the account's own id."""
    created = int(now if now is not None else time.time())
    return (
        f"<xml><ToUserName>{cdata(to_user)}</ToUserName><FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{created}</CreateTime><MsgType>{cdata('text')}</MsgType>"
        f"<Content>{cdata(fit(content))}</Content></xml>"
    )


def encrypted_reply(*, encrypted: str, signature: str, timestamp: str, nonce: str) -> str:
    return (
        f"<xml><Encrypt>{cdata(encrypted)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>"
    )

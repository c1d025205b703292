"""WCAG AA contrast of the staff pages' colours, computed from the stylesheets themselves.

Text needs 4.5:1 against its background (1.4.3), a form field's border 3:1 against the field and the page
around it (1.4.11). The colours are read from site.css and admin.css, so a change there is checked here.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[2] / "src/court12368/core/static/court12368"
WHITE = "#ffffff"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|var\(--[\w-]+\)")


def rules(css: str) -> dict[str, dict[str, str]]:
    """selector -> {property: value}, later declarations winning; @media blocks are read as if they
    applied (their colours must pass too)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", r"\1", css)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _, value in (part.partition(":") for part in body.split(";"))
            if value.strip()
        )
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(declarations)
    return found


SITE = rules((STATIC / "site.css").read_text(encoding="utf-8"))
ROOT = {name: value for name, value in SITE[":root"].items() if name.startswith("--")}


def colour(value: str, variables: dict[str, str] = ROOT) -> str | None:
    """The first colour in a declaration's value, variables resolved; None when it names none."""
    match = COLOUR.search(value or "")
    if not match:
        return None
    token = match.group(0)
    if token.startswith("var("):
        return colour(variables[token[4:-1]], variables)
    if len(token) == 4:
        token = "#" + "".join(c * 2 for c in token[1:])
    return token.lower()


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def background(declarations: dict[str, str]) -> str | None:
    return colour(declarations.get("background-color") or declarations.get("background"))


def test_the_wcag_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#d9e2ec", "#ffffff") < 3  # the old field border


def test_form_fields_have_borders_at_3_to_1():
    fields = SITE["input"]
    assert SITE["select"] == SITE["textarea"] == fields
    border = colour(fields["border"])
    for around in (WHITE, ROOT["--bg"]):  # the field inside, a card or the page outside
        assert contrast(border, around) >= 3, (border, around)


def test_the_admin_fields_too():
    admin = rules((STATIC / "admin.css").read_text(encoding="utf-8"))
    border = colour(admin["input"]["--border-color"])
    assert admin["select"] == admin["textarea"] == admin["input"]
    assert contrast(border, WHITE) >= 3  # Django admin's fields are white on a white page


@pytest.mark.parametrize("light", ["green", "yellow", "red"])
def test_the_traffic_lights_are_readable(light):
    """The order lights (绿灯 按时, 黄灯 即将到期, 红灯 已超期) are small text on a coloured pill."""
    declarations = SITE[f".light.{light}"]
    text = colour(declarations.get("color") or SITE[".light"]["color"])
    assert contrast(text, background(declarations)) >= 4.5, (light, text, background(declarations))


def text_on_background():
    """Every rule that sets a background with text on it: (selector, text, background)."""
    for selector, declarations in SITE.items():
        fill = background(declarations)
        if fill is None or selector.startswith(":root"):
            continue
        if selector.startswith(".light."):
            text = colour(declarations.get("color") or SITE[".light"]["color"])
        else:
            text = colour(declarations.get("color")) or ROOT["--ink"]  # inherited from body
        yield selector, text, fill


def test_text_on_every_background_in_site_css():
    pairs = list(text_on_background())
    assert any(selector == ".light.yellow" for selector, _, _ in pairs)
    poor = [(s, t, b, round(contrast(t, b), 2)) for s, t, b in pairs if contrast(t, b) < 4.5]
    assert not poor


def test_coloured_text_on_the_page_and_on_cards():
    for selector, declarations in SITE.items():
        text = colour(declarations.get("color"))
        if text is None or background(declarations) or selector.startswith((".topbar", ".light", ":root")):
            continue  # on its own background (checked above) or on the red top bar
        for around in (WHITE, ROOT["--bg"], ROOT["--warn"]):
            assert contrast(text, around) >= 4.5, (selector, text, around)

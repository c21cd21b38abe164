"""The text catalogues: each Vietnamese text has an English twin with the same blanks and tags."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

import pytest

from handlers import texts
from handlers.texts import EN, VI, text

TAG = re.compile(r"</?([a-z]+)")
CODE = re.compile(r"<code>.*?</code>", re.S)


def _placeholders(template: str) -> set[str]:
    """The names a template fills in (`{id}`, `{when}`), as `str.format` reads them."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _tags(template: str) -> Counter[str]:
    """The HTML tags of a template, opening and closing, with their counts."""
    return Counter(match.group(0) for match in TAG.finditer(template))


def _vietnamese_letters(value: str) -> str:
    """The letters with Vietnamese marks (and đ) in `value`: English never needs them."""
    return "".join(
        ch for ch in value if ch.isalpha() and (ch in "đĐ" or unicodedata.decomposition(ch))
    )


def test_every_vietnamese_text_has_an_english_twin() -> None:
    missing = [key for key in VI if key not in EN]
    assert missing == []


def test_every_english_text_answers_a_vietnamese_one() -> None:
    orphans = [key for key in EN if key not in VI]
    assert orphans == []


def test_the_english_catalogue_follows_the_vietnamese_order() -> None:
    assert [key for key in EN if key in VI] == [key for key in VI if key in EN]


@pytest.mark.parametrize("key", sorted(VI))
def test_english_text_fills_the_same_placeholders(key: str) -> None:
    assert _placeholders(EN.get(key, "")) == _placeholders(VI[key])


@pytest.mark.parametrize("key", sorted(VI))
def test_english_text_has_the_same_markup(key: str) -> None:
    assert _tags(EN.get(key, "")) == _tags(VI[key])


@pytest.mark.parametrize("key", sorted(k for k in EN if not k.endswith("example")))
def test_english_text_reads_as_english_outside_what_to_type(key: str) -> None:
    """Vietnamese is allowed only in `<code>` (forms to type) and in the command examples."""
    assert _vietnamese_letters(CODE.sub("", EN[key])) == ""


def test_each_english_part_holds_the_twins_of_its_vietnamese_part() -> None:
    assert list(texts.en.PARTS) == list(texts.vi.PARTS)
    for name, part in texts.vi.PARTS.items():
        assert list(texts.en.PARTS[name]) == list(part), name


def test_a_key_in_two_parts_of_one_catalogue_stops_the_merge() -> None:
    parts = {"common": {"a.one": "1", "a.two": "2"}, "news": {"b.one": "3", "a.two": "4"}}
    with pytest.raises(ValueError, match=r"'a\.two'.*vi/common\.py.*vi/news\.py"):
        texts.merge("vi", parts)


def test_merged_parts_keep_their_order() -> None:
    assert list(texts.merge("en", {"x": {"b": "1", "a": "2"}, "y": {"c": "3"}})) == ["b", "a", "c"]


def test_english_is_chosen_per_person_and_vietnamese_is_the_default() -> None:
    assert text("en", "units.header", count=3) == "<b>Units (3)</b>"
    assert text("vi", "units.header", count=3) == "<b>Các đơn vị (3)</b>"

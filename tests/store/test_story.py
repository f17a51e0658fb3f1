"""Tests for tui.store.story: what two articles share, how much it weighs, copies."""

from __future__ import annotations

import datetime

from tui.store.story import Weights, compare, days_factor, is_common, profile, surfaces, why
from tui.text.normalize import stem

DAY = datetime.date(2025, 3, 10)
WIRE = (
    "لقي ثلاثة أشخاص مصرعهم وأصيب تسعة آخرون في حريق نشب بمخزن أخشاب بشارع ناهيا التابع لحي "
    "بولاق الدكرور في الجيزة، وتمكنت قوات الحماية المدنية من إخماد النيران بعد خمس ساعات."
)
EDITED = (
    "لقي ثلاثة أشخاص مصرعهم وأصيب تسعة آخرين، في حريق نشب بمخزن أخشاب بشارع ناهيا التابع "
    "لحي بولاق الدكرور بمحافظة الجيزة، وتمكنت قوات الحماية المدنية من إخماد النيران."
)
REWRITE = (
    "ارتفع عدد ضحايا حريق ناهيا إلى أربعة بعد وفاة طفلة في المستشفى متأثرة بحروقها، وطالب "
    "أهالي بولاق الدكرور بنقل مخازن الأخشاب من بين البيوت."
)


def _weights() -> Weights:
    """Every word as rare as any other: only the news vocabulary tells them apart."""
    return Weights(100, {}, {})


def test_an_amount_is_one_term_and_a_year_is_none() -> None:
    p = profile("الفائدة 6.25 في المئة", "قرار عام 2025 بخفض 25 نقطة", [], DAY)
    assert "6.25" in p.terms
    assert "25" in p.terms
    assert "2025" not in p.terms
    assert "في" not in p.terms


def test_a_lightly_edited_wire_copy_is_a_duplicate_and_a_rewrite_is_not() -> None:
    weights = _weights()
    wire = profile("مصرع 3 في حريق مخزن بناهيا", WIRE, ["حريق"], DAY)
    edited = profile("مصرع ثلاثة في حريق مخزن بشارع ناهيا", EDITED, ["حوادث"], DAY)
    rewrite = profile("ضحايا حريق ناهيا أربعة", REWRITE, [], DAY + datetime.timedelta(days=1))
    copy = compare(wire, edited, weights)
    assert copy.duplicate
    other = compare(wire, rewrite, weights)
    assert not other.duplicate
    assert 0 < other.score < copy.score <= 1


def test_news_vocabulary_weighs_less_than_a_place() -> None:
    weights = _weights()
    fire, minister, place = (stem(w) for w in ("الحريق", "وزير", "ناهيا"))
    assert is_common(fire) and is_common(minister)
    assert not is_common(place)
    assert weights.term(fire) < weights.term(place)


def test_articles_far_apart_in_time_count_less() -> None:
    assert days_factor(DAY, DAY + datetime.timedelta(days=5)) == 1.0
    assert days_factor(DAY, None) == 1.0
    month, year = (days_factor(DAY, DAY + datetime.timedelta(days=d)) for d in (40, 365))
    assert 1.0 > month > year > 0


def test_why_names_places_as_the_article_writes_them() -> None:
    weights = _weights()
    text = "حريق مخزن بناهيا\n" + WIRE
    match = compare(
        profile("حريق مخزن بناهيا", WIRE, [], DAY), profile("ناهيا", REWRITE, [], DAY), weights
    )
    said = why(match, surfaces(text), 3)
    assert "بولاق الدكرور" in said
    assert "ناهيا" in said
    assert "حريق" not in said

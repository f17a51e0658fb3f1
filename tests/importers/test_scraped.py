"""Tests for tui.importers.scraped: the page format of the example, field by field."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.importers.scraped import NotAnArticle, parse_page
from tui.model import Notice

TITLE = "«الري الحديث» في أسوان (المرحلة 1) يخفض استهلاك المياه 30%"
BODY = (
    "أعلنت مديرية الزراعة في أسوان انتهاء المرحلة الأولى من مشروع الري الحديث.",
    "وقال وكيل المديرية إن استهلاك المياه انخفض بنحو ٣٠٪ مقارنة بالري بالغمر.",
)
RELATED_A = ("محطة شمسية جديدة في أسوان", "بدأ تشغيل محطة شمسية جديدة بقدرة 200 ميغاواط.")
RELATED_B = (
    "موسم الحصاد يبدأ مبكرا",
    "بدأ موسم حصاد القمح مبكرا هذا العام.",
    "ويتوقع المزارعون محصولا وفيرا.",
)


def test_the_example_page(example_tags: list[str], example_page: Path) -> None:
    article = parse_page(example_page.read_text(encoding="utf-8"), str(example_page))
    assert article.title == (
        "«مستقبل وطن» بقنا يضع خطة طموحة لتعزيز التواصل الجماهيري وتوسيع قاعدته الشعبية"
    )
    assert article.date == datetime.date(2025, 5, 8)
    assert article.source == "الأسبوع"
    assert article.keywords == tuple(example_tags)
    assert len(article.body) == 10
    assert article.body[0].startswith("عقدت أمانة العلاقات العامة بحزب مستقبل وطن")
    assert article.body[-1].endswith("وقادرة على تلبية تطلعات أهاليها.")
    assert article.origin == (str(example_page), 1)
    assert not article.partial


def test_the_example_read_also_article(example_page: Path) -> None:
    article = parse_page(example_page.read_text(encoding="utf-8"), str(example_page))
    assert len(article.related) == 1
    related = article.related[0]
    assert related.title == "أمين البحوث الإسلامية يجتمع بإدارة البعوث ويوجِّه بتطوير ملف الإيفاد"
    assert len(related.body) == 7
    assert related.body[0].startswith("عقد أ.د. محمد الجندي")
    assert related.date is None
    assert related.source == ""
    assert related.keywords == ()
    assert related.partial
    assert related.origin == (str(example_page), 16)


def test_no_field_of_the_page_leaks_into_the_body(example_page: Path) -> None:
    article = parse_page(example_page.read_text(encoding="utf-8"), str(example_page))
    for paragraph in (*article.body, *article.related[0].body):
        assert not paragraph.startswith(("تاريخ النشر", "المصدر", "كلمات دلالية", "إقرأ"))
    assert article.related[0].title not in article.body


def test_every_field_in_place(make_page: Callable[..., str]) -> None:
    text = make_page(
        TITLE,
        *BODY,
        date="8 مايو 2025",
        source="صحيفة الجنوب",
        keywords="أسوان، الري الحديث، المياه",
    )
    article = parse_page(text, "page.txt")
    assert article.title == TITLE
    assert article.body == BODY
    assert article.date == datetime.date(2025, 5, 8)
    assert article.source == "صحيفة الجنوب"
    assert article.keywords == ("أسوان", "الري الحديث", "المياه")
    assert article.related == ()


def test_everything_but_title_and_body_may_be_missing(make_page: Callable[..., str]) -> None:
    article = parse_page(make_page(TITLE, *BODY), "page.txt")
    assert (article.title, article.body) == (TITLE, BODY)
    assert article.date is None
    assert article.source == ""
    assert article.keywords == ()
    assert article.related == ()


def test_the_minimal_fixture(fixtures_dir: Path) -> None:
    path = fixtures_dir / "pages" / "minimal.txt"
    article = parse_page(path.read_text(encoding="utf-8"), str(path))
    assert article.title == "مكتبة الحي تمدد ساعات العمل خلال العطلة الصيفية"
    assert len(article.body) == 2
    assert article.date is None


@pytest.mark.parametrize(
    "separator",
    ["، ", ",", " ; ", " | ", "؛"],
    ids=["arabic-comma", "comma", "semicolon", "bar", "arabic-semicolon"],
)
def test_separated_keywords(separator: str, make_page: Callable[..., str]) -> None:
    keywords = separator.join(["الري الحديث", "أسوان", "وزارة الزراعة", "أسوان"])
    article = parse_page(make_page(TITLE, *BODY, keywords=keywords), "page.txt")
    assert article.keywords == ("الري الحديث", "أسوان", "وزارة الزراعة")


def test_levantine_date_and_separated_keywords(fixtures_dir: Path) -> None:
    path = fixtures_dir / "pages" / "levantine_separated.txt"
    article = parse_page(path.read_text(encoding="utf-8"), str(path))
    assert article.date == datetime.date(2025, 1, 12)
    assert article.source == "صحيفة الساحل"
    assert article.keywords == (
        "بلدية الميناء",
        "الحدائق العامة",
        "الموازنة التشاركية",
        "الواجهة البحرية",
    )


@pytest.mark.parametrize(
    "marker", ["إقرأ أيضاً:", "اقرأ أيضا:", "اقرأ أيضًا:", "اقرأ أيضاً", "إقرأ ايضا :"]
)
def test_read_also_spellings(marker: str, make_page: Callable[..., str]) -> None:
    text = make_page(TITLE, *BODY) + marker + "\n" + "\n".join(RELATED_A) + "\n"
    article = parse_page(text, "page.txt")
    assert article.body == BODY
    assert [r.title for r in article.related] == [RELATED_A[0]]
    assert article.related[0].body == RELATED_A[1:]


def test_several_read_also_articles_with_blank_lines(make_page: Callable[..., str]) -> None:
    article = parse_page(make_page(TITLE, *BODY, read_also=(RELATED_A, RELATED_B)), "p.txt")
    assert [(r.title, r.body) for r in article.related] == [
        (RELATED_A[0], RELATED_A[1:]),
        (RELATED_B[0], RELATED_B[1:]),
    ]
    assert all(r.partial for r in article.related)


def test_several_read_also_articles_without_blank_lines(fixtures_dir: Path) -> None:
    """A short line without closing punctuation after a paragraph starts the next article."""
    path = fixtures_dir / "pages" / "several_read_also.txt"
    article = parse_page(path.read_text(encoding="utf-8"), str(path))
    assert article.date == datetime.date(2024, 11, 3)
    assert article.keywords == ("وزارة النقل", "الحافلات الكهربائية", "النقل العام")
    assert [r.title for r in article.related] == [
        "محطات الشحن السريع تصل إلى المدن الساحلية",
        "ارتفاع عدد ركاب النقل العام بنسبة 15 في المئة",
        "دراسة جديدة ترصد أثر الحافلات الكهربائية على جودة الهواء",
    ]
    assert [len(r.body) for r in article.related] == [2, 1, 1]
    assert [r.origin.line for r in article.related] == [8, 12, 14]


def test_a_title_on_the_marker_line_starts_the_block(make_page: Callable[..., str]) -> None:
    text = make_page(TITLE, *BODY) + "اقرأ أيضا: " + RELATED_A[0] + "\n" + RELATED_A[1] + "\n"
    article = parse_page(text, "page.txt")
    assert [(r.title, r.body) for r in article.related] == [(RELATED_A[0], RELATED_A[1:])]


def test_a_read_also_title_without_paragraphs_is_not_an_article(
    make_page: Callable[..., str],
) -> None:
    text = make_page(TITLE, *BODY) + "إقرأ أيضاً:\nعنوان وحده بلا فقرات\n"
    assert parse_page(text, "page.txt").related == ()


def test_marker_variants_with_harakat_and_spaces(make_page: Callable[..., str]) -> None:
    text = "\n".join(
        [
            TITLE,
            "تاريخُ النَّشر :  2025-05-08",
            *BODY,
            "المصدرُ: الأسبوع",
            "كلمات دلاليّة: أسوان، المياه",
        ]
    )
    article = parse_page(text, "page.txt")
    assert article.date == datetime.date(2025, 5, 8)
    assert article.source == "الأسبوع"
    assert article.keywords == ("أسوان", "المياه")
    assert article.body == BODY


def test_a_marker_word_inside_a_paragraph_stays_in_the_body() -> None:
    line = "وقال المصدر: إن الاجتماع سيعقد الأسبوع المقبل."
    article = parse_page("\n".join([TITLE, BODY[0], line]), "page.txt")
    assert article.body == (BODY[0], line)
    assert article.source == ""


def test_blank_lines_and_surrounding_spaces_are_dropped() -> None:
    text = "\n\n  " + TITLE + "  \n\n\t" + BODY[0] + "\n\n\n" + BODY[1] + "   \n\n"
    article = parse_page(text, "page.txt")
    assert article.title == TITLE
    assert article.body == BODY
    assert article.origin.line == 3


def test_a_garbled_date_is_unknown_and_said(make_page: Callable[..., str]) -> None:
    notices: list[Notice] = []
    article = parse_page(make_page(TITLE, *BODY, date="منذ ساعتين"), "page.txt", notices)
    assert article.date is None
    assert article.body == BODY
    assert len(notices) == 1
    assert notices[0].file == "page.txt" and notices[0].line == 2
    assert "منذ ساعتين" in notices[0].message


def test_a_page_in_another_language_is_an_article() -> None:
    article = parse_page("Dam talks resume\nNegotiators met in Cairo today.\n", "en.txt")
    assert article.title == "Dam talks resume"
    assert article.body == ("Negotiators met in Cairo today.",)


@pytest.mark.parametrize(
    "label", ["الكلمات الدلالية", "كلمات مفتاحية", "الوسوم", "الكلماتُ الدلاليةُ", "كلمات دلاليه"]
)
def test_keyword_label_variants(label: str) -> None:
    text = f"{TITLE}\n{BODY[0]}\n{label}: أسوان، الري\n"
    article = parse_page(text, "page.txt")
    assert article.body == (BODY[0],)
    assert article.keywords == ("أسوان", "الري")


def test_an_inline_read_also_line_is_a_link_and_the_body_goes_on() -> None:
    text = "\n".join(
        [
            TITLE,
            "تاريخ النشر: 2025-05-08",
            BODY[0],
            "اقرأ أيضا: محطة جديدة لتحلية المياه في الغردقة",
            BODY[1],
            "المصدر: الأسبوع",
        ]
    )
    article = parse_page(text, "page.txt")
    assert article.body == BODY[:2]
    assert article.related == ()
    assert article.related_titles == ("محطة جديدة لتحلية المياه في الغردقة",)
    assert article.source == "الأسبوع"


def test_run_together_keywords_use_the_article_as_evidence(make_page: Callable[..., str]) -> None:
    body = (
        "افتتحت وزارة الصحة مركزا جديدا لطب الأسرة في مدينة الأقصر.",
        "ويقدم المركز خدمات التطعيم ورعاية الحوامل لسكان الأقصر والقرى المجاورة.",
    )
    text = make_page(
        "مركز جديد لطب الأسرة في الأقصر", *body, keywords="وزارة الصحة طب الأسرة الأقصر التطعيم"
    )
    article = parse_page(text, "page.txt")
    assert article.keywords == ("وزارة الصحة", "طب الأسرة", "الأقصر", "التطعيم")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        ("\n  \n\t\n", "empty file"),
        ("عنوان وحيد بلا نص\n", "not an article: a title line but no body"),
        (
            "عنوان\nالمصدر: الأسبوع\nكلمات دلالية: أسوان\n",
            "not an article: a title line but no body",
        ),
    ],
    ids=["empty", "blank", "title-only", "fields-but-no-body"],
)
def test_what_is_not_an_article(text: str, reason: str) -> None:
    with pytest.raises(NotAnArticle) as raised:
        parse_page(text, "page.txt")
    assert str(raised.value) == reason

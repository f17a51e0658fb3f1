"""Tests for splitting keyword lines into tags."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.importers.keywords import split_keywords
from tui.text.normalize import words

# The title and body of shared/examples/000_eb51d70d22b9c9d0.txt, a page as a scraper saved it.
EXAMPLE_EVIDENCE = (
    "«مستقبل وطن» بقنا يضع خطة طموحة لتعزيز التواصل الجماهيري وتوسيع قاعدته الشعبية\n"
    "عقدت أمانة العلاقات العامة بحزب مستقبل وطن بالمحافظة اجتماعها التنظيمي الشهري، "
    "في إطار استراتيجي يهدف إلى تعزيز حضوره السياسي والمجتمعي وترسيخ مكانته كقوة "
    "فاعلة في محافظة قنا\n"
    "تناول الاجتماع تقييم الأداء خلال الفترة الماضية ووضع خطط عملية ومبتكرة لتعزيز "
    "قنوات التواصل مع المواطنين وكسب ثقتهم، بهدف توسيع القاعدة الجماهيرية للحزب في "
    "مختلف أنحاء المحافظة.\n"
    "ترأس الاجتماع المهندس أحمد كامل حمزة، أمين تنظيم المحافظة، وحضره الدكتور مصطفى "
    "حامد، أمين العلاقات العامة، والدكتور عبد الرحمن الخلاوي، أمين الشباب، بالإضافة "
    "إلى نخبة من أمناء العلاقات العامة بمختلف مراكز المحافظة.\n"
    "وخلال الاجتماع، أكد المهندس أمين تنظيم المحافظة، على الدور المحوري الذي تضطلع به "
    "أمانة العلاقات العامة في تقديم صورة واضحة ومشرقة عن الحزب أمام الرأي العام، بما "
    "يليق بمكانته السياسية المتقدمة على الساحة المحلية،\n"
    "مشددًا على ضرورة تسخير كافة الإمكانات المتاحة لتعزيز الروابط مع الشارع القنائي "
    "والتفاعل الإيجابي مع قضاياه واحتياجاته ومطالبه المشروعة.\n"
    "من جانبه، أوضح أمين العلاقات العامة أن المرحلة القادمة ستشهد تركيزًا مكثفًا على "
    "تنظيم الفعاليات الجماهيرية المتنوعة وإطلاق سلسلة من المبادرات المجتمعية التي "
    "تلامس حياة المواطنين بشكل مباشر، بما يساهم في بناء جسور من الثقة وتعزيز العلاقة "
    "بين الحزب وأهالي قنا.\n"
    "وأشار أمين العلاقات العامة، إلى أن أمانة العلاقات العامة ستعمل جاهدة على توحيد "
    "الرسائل الإعلامية للحزب وضمان وصولها بدقة وفاعلية إلى جميع الفئات المستهدفة في "
    "المجتمع.\n"
    "وفي سياق متصل، أكد أمين الشباب على أن أمانة الشباب ستلعب دورًا حيويًا وشراكة "
    "فاعلة في هذه الجهود، من خلال استقطاب الطاقات الشابة الواعدة وإشراكها بشكل فعال "
    "في مختلف الأنشطة والبرامج التي ينفذها الحزب، مشيراً إلى أن ذلك يعزز من دور حزب "
    "مستقبل وطن كحزب وطني شامل يعبر عن تطلعات وآمال كافة فئات المجتمع القنائي.\n"
    "شهد الاجتماع استعراضًا تفصيليًا وتقييمًا دقيقًا للأداء التنظيمي لأمانة العلاقات "
    "العامة خلال الشهر المنصرم، بالإضافة إلى تقييم شامل للمبادرات التي تم تنفيذها على "
    "أرض الواقع، كما تم خلال الاجتماع طرح مقترحات عملية لتجاوز التحديات التي واجهت "
    "العمل الحزبي في بعض المناطق، ووضع خطة عمل متكاملة ومفصلة للشهر القادم، تتضمن "
    "آليات واضحة لتحقيق الأهداف المنشودة.\n"
    "وفي ختام الاجتماع، أكد جميع الحاضرين على الأهمية القصوى للعمل بروح الفريق الواحد "
    "وتكثيف قنوات التواصل المباشر والفعال مع المواطنين في مختلف أنحاء المحافظة، "
    "والارتقاء المستمر بمستوى الأداء التنظيمي والإعلامي للحزب، بما يرسخ حضور حزب "
    "مستقبل وطن كقوة سياسية فاعلة ومؤثرة في محافظة قنا، وقادرة على تلبية تطلعات "
    "أهاليها.\n"
)
EXAMPLE_LINE = (
    "قنا أمانة العلاقات العامة حزب مستقبل متابعة الأداء الاجتماع التنظيمي تعزيز التواصل "
    "أمانة العلاقات العامة مستقبل وطن"
)


def test_example_page_run_together_line(example_tags: list[str]) -> None:
    assert split_keywords(EXAMPLE_LINE, EXAMPLE_EVIDENCE) == example_tags


def test_example_page_with_the_whole_page_as_evidence(example_tags: list[str]) -> None:
    # The related article below the keywords has متابعة أداء; the keyword line itself is
    # in the text too, and must not count as a phrase.
    page = (
        EXAMPLE_EVIDENCE
        + "المصدر: الأسبوع\n"
        + f"كلمات دلالية: {EXAMPLE_LINE}\n"
        + "وناقش الاجتماع الإجراءات المتبعة في متابعة أداء مبعوثي الأزهر في الخارج\n"
    )
    assert split_keywords(EXAMPLE_LINE, page) == example_tags


ARTICLES = [
    pytest.param(
        "الأهلي يتأهل لنهائي دوري أبطال أفريقيا\n"
        "حقق النادي الأهلي فوزا ثمينا على الترجي التونسي بهدفين نظيفين في إياب نصف نهائي "
        "دوري أبطال أفريقيا. وأشاد المدرب مارسيل كولر بأداء اللاعبين، مؤكدا أن الفريق يسعى "
        "للقب الثاني عشر في البطولة.",
        "الأهلي دوري أبطال أفريقيا مارسيل كولر الترجي التونسي",
        ["الأهلي", "دوري أبطال أفريقيا", "مارسيل كولر", "الترجي التونسي"],
        id="longest-attested-phrase",
    ),
    pytest.param(
        "البنك المركزي يثبت أسعار الفائدة\n"
        "قررت لجنة السياسة النقدية بالبنك المركزي المصري الإبقاء على أسعار الفائدة دون "
        "تغيير، في ظل تراجع معدلات التضخم واستقرار سعر صرف الجنيه أمام الدولار.",
        "البنك المركزي المصري سعر الفائدة التضخم الجنيه",
        ["البنك المركزي المصري", "سعر الفائدة", "التضخم", "الجنيه"],
        id="broken-plural",
    ),
    pytest.param(
        "الصحة: لا إصابات جديدة بفيروس كورونا\n"
        "أعلنت وزارة الصحة والسكان عدم تسجيل إصابات جديدة بفيروس كورونا خلال الأسبوع "
        "الماضي، وأكدت استمرار حملة التطعيم باللقاحات المعتمدة من منظمة الصحة العالمية.",
        "وزارة الصحة فيروس كورونا اللقاحات منظمة الصحة العالمية",
        ["وزارة الصحة", "فيروس كورونا", "اللقاحات", "منظمة الصحة العالمية"],
        id="clitics-on-first-word",
    ),
    pytest.param(
        "آبل تكشف عن iPhone 16\n"
        "كشفت شركة آبل عن هاتفها الجديد IPHONE 16 الذي يعتمد على تقنيات الذكاء "
        "الاصطناعي، ويبدأ سعره من 799 دولارا في الأسواق الأمريكية.",
        "آبل iPhone 16 الذكاء الاصطناعي",
        ["آبل", "iPhone 16", "الذكاء الاصطناعي"],
        id="latin-and-digits",
    ),
    pytest.param(
        "ارتفاع منسوب المياه أمام السد العالي بأسوان\n"
        "تابع محافظ أسوان ارتفاع منسوب المياه في بحيرة ناصر أمام السد العالي، ووجه "
        "بتكثيف المتابعة على مدار الساعة.",
        "أسوان السد العالي بحيرة ناصر اسوان",
        ["أسوان", "السد العالي", "بحيرة ناصر"],
        id="repeat-spelled-differently",
    ),
    pytest.param(
        "مجلس النواب يوافق على قانون الإيجار القديم\n"
        "وافق مجلس النواب في جلسته العامة على مشروع قانون الإيجار القديم المقدم من "
        "الحكومة، بعد مناقشات استمرت أسبوعين بين الأعضاء.",
        "مجلس النواب قانون الإيجار القديم الحكومة",
        ["مجلس النواب", "قانون الإيجار القديم", "الحكومة"],
        id="three-word-tag",
    ),
    pytest.param(
        "السينما المصرية تنتظر الأوسكار\n"
        "تترقب السينما المصرية إعلان القائمة القصيرة للأوسكار هذا العام، بعد ترشيح "
        "فيلمين للمنافسة.",
        "السينما المصرية جوائز الأوسكار",
        ["السينما المصرية", "جوائز الأوسكار"],
        id="unattested-word-joins-next",
    ),
    pytest.param(
        "مصر تواصل جهودها لوقف إطلاق النار\n"
        "تواصل مصر اتصالاتها المكثفة لوقف إطلاق النار وإنهاء الحرب على غزة، وإدخال "
        "المساعدات الإنسانية عبر معبر رفح.",
        "وقف إطلاق النار الحرب على غزة مصر معبر رفح",
        ["وقف إطلاق النار", "الحرب على غزة", "مصر", "معبر رفح"],
        id="function-word-inside-tag",
    ),
    pytest.param(
        "قال الخبير الاقتصادي إن ارتفاع أسعار النفط عالميا يضغط على الموازنة العامة للدولة.",
        "أسعار النفط الموازنة العامة الخبير الاقتصادي",
        ["أسعار النفط", "الموازنة العامة", "الخبير الاقتصادي"],
        id="definite-phrases",
    ),
]


@pytest.mark.parametrize(("evidence", "raw", "expected"), ARTICLES)
def test_run_together_lines_of_other_articles(evidence: str, raw: str, expected: list[str]) -> None:
    assert split_keywords(raw, evidence) == expected


def test_unattested_word_does_not_follow_a_definite_word() -> None:
    evidence = "زار الوفد مدينة الأقصر ومعبد الكرنك."
    assert split_keywords("الأقصر معالم الكرنك", evidence) == ["الأقصر", "معالم الكرنك"]


def test_function_word_joins_the_words_around_it() -> None:
    evidence = "اجتمع الوزير مع السفير في القاهرة لبحث استمرار الحرب في غزة."
    assert split_keywords("الوزير في القاهرة", evidence) == ["الوزير في القاهرة"]
    assert split_keywords("الحرب على غزة", evidence) == ["الحرب على غزة"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قنا، أمانة العلاقات العامة، حزب مستقبل", ["قنا", "أمانة العلاقات العامة", "حزب مستقبل"]),
        ("الصحة, التطعيم ,الأطفال", ["الصحة", "التطعيم", "الأطفال"]),
        ("الطاقة الشمسية; أسوان", ["الطاقة الشمسية", "أسوان"]),
        ("كرة القدم | الدوري المحلي", ["كرة القدم", "الدوري المحلي"]),
        ("التعليم؛ الجامعات", ["التعليم", "الجامعات"]),
        ("الذكاء الاصطناعي\nالروبوتات", ["الذكاء الاصطناعي", "الروبوتات"]),
    ],
)
def test_separated_lines_are_split_on_their_separators(raw: str, expected: list[str]) -> None:
    assert split_keywords(raw) == expected


def test_separated_line_ignores_evidence() -> None:
    assert split_keywords("حزب مستقبل وطن، قنا", EXAMPLE_EVIDENCE) == ["حزب مستقبل وطن", "قنا"]


def test_separated_tags_are_stripped_and_empty_ones_dropped() -> None:
    assert split_keywords(" ،  مصر  ، ,, غزة   الجديدة ،") == ["مصر", "غزة الجديدة"]


def test_repeats_are_dropped_comparing_normalised_text() -> None:
    raw = "أسوان، اسوان، ASWAN، Aswan، مُحَمَّد، محمد، ٢٠٢٥، 2025"
    assert split_keywords(raw) == ["أسوان", "ASWAN", "مُحَمَّد", "٢٠٢٥"]


def test_tags_without_a_word_are_dropped() -> None:
    assert split_keywords("مصر، -، «»، …") == ["مصر"]


def test_without_evidence_a_run_together_line_stays_one_tag() -> None:
    assert split_keywords(EXAMPLE_LINE) == [EXAMPLE_LINE]
    assert split_keywords("  مستقبل   وطن ") == ["مستقبل وطن"]


def test_unattested_line_stays_one_tag() -> None:
    assert split_keywords("الطقس اليوم", "مباراة كرة القدم انتهت بالتعادل.") == ["الطقس اليوم"]


def test_a_lone_dash_is_a_boundary() -> None:
    evidence = "ارتفعت أسعار الذهب في مصر اليوم."
    assert split_keywords("أسعار الذهب - مصر", evidence) == ["أسعار الذهب", "مصر"]


def test_empty_line() -> None:
    assert split_keywords("") == []
    assert split_keywords("   ", EXAMPLE_EVIDENCE) == []


def _key(tag: str) -> str:
    return " ".join(words(tag))


LINE_TEXT = st.text(
    alphabet=st.sampled_from(list("قنا حزب مستقبل وطن الأداء، ,;|؛\n-«»ـًّ٢x")) | st.characters(),
    max_size=60,
)


@given(LINE_TEXT, st.text(max_size=200) | st.just(EXAMPLE_EVIDENCE))
def test_any_input_gives_unique_stripped_tags(raw: str, evidence: str) -> None:
    tags = split_keywords(raw, evidence)
    assert all(tag and tag == tag.strip() for tag in tags)
    keys = [_key(tag) for tag in tags]
    assert all(keys)
    assert len(set(keys)) == len(keys)


@given(st.lists(st.sampled_from(sorted(set(EXAMPLE_LINE.split()))), unique=True, max_size=10))
def test_tags_of_distinct_words_partition_the_line_in_order(units: list[str]) -> None:
    tags = split_keywords(" ".join(units), EXAMPLE_EVIDENCE)
    assert " ".join(tags) == " ".join(units)

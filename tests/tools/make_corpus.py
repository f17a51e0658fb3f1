"""Write synthetic Arabic news articles as JSON Lines, for benchmarks and scale tests.

    python tests/tools/make_corpus.py N [--out FILE] [--seed S]

Each article has a title, three to seven paragraphs of Modern Standard Arabic sentences put
together at random from the phrases below, a date spread over several years (in the formats
real dumps use), one of fifteen sources and keywords drawn with a Zipf-like skew, so a few
are everywhere and most are rare. Some sentences carry harakat, Arabic-Indic digits or Latin
names; a few articles carry «read also» titles. The same N and seed always give the same
file; articles are written as they are made, so memory stays flat at any N.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import random
import sys
from bisect import bisect
from collections.abc import Iterator, Sequence
from typing import IO, NamedTuple

SOURCES = (
    "النهار الرقمي",
    "صحيفة الوادي",
    "وكالة أنباء الشرق",
    "الخليج اليوم",
    "بوابة الأهرام",
    "الشروق نت",
    "الرأي العام",
    "صوت المدينة",
    "المرصد الاقتصادي",
    "الجزيرة الرقمية",
    "القدس اليوم",
    "أخبار الساحل",
    "المغرب الجديد",
    "الرياض الإخبارية",
    "المصدر الدولي",
)

PLACES = (
    "القاهرة",
    "الإسكندرية",
    "أسوان",
    "الأقصر",
    "بورسعيد",
    "الرياض",
    "جدة",
    "الدمام",
    "دبي",
    "أبوظبي",
    "الشارقة",
    "الدوحة",
    "الكويت",
    "المنامة",
    "مسقط",
    "عمّان",
    "إربد",
    "بيروت",
    "طرابلس",
    "دمشق",
    "حلب",
    "بغداد",
    "البصرة",
    "الموصل",
    "تونس",
    "صفاقس",
    "الجزائر",
    "وهران",
    "الرباط",
    "الدار البيضاء",
    "مراكش",
    "فاس",
    "طنجة",
    "نواكشوط",
    "الخرطوم",
    "صنعاء",
    "عدن",
    "القدس",
    "غزة",
    "رام الله",
    "نابلس",
    "بنغازي",
    "مصراتة",
    "أكادير",
    "المنصورة",
    "طنطا",
    "أسيوط",
    "سوهاج",
    "الفيوم",
    "الإسماعيلية",
    "العقبة",
    "الزرقاء",
    "صلالة",
    "نزوى",
    "الطائف",
    "أبها",
    "تبوك",
    "حائل",
    "القصيم",
    "العين",
)

FIRST_NAMES = (
    "محمد",
    "أحمد",
    "محمود",
    "علي",
    "حسن",
    "خالد",
    "عمر",
    "يوسف",
    "إبراهيم",
    "سامي",
    "طارق",
    "كريم",
    "هشام",
    "ياسر",
    "وليد",
    "مصطفى",
    "عبد الله",
    "عبد الرحمن",
    "فيصل",
    "ناصر",
    "سعيد",
    "رامي",
    "زياد",
    "مازن",
    "نبيل",
    "فاطمة",
    "مريم",
    "سارة",
    "ليلى",
    "نادية",
    "هدى",
    "رنا",
    "دينا",
    "سلمى",
    "ريم",
    "منى",
    "أمل",
    "نور",
    "هالة",
    "لينا",
)

FAMILY_NAMES = (
    "عبد الحفيظ",
    "الشريف",
    "المصري",
    "العتيبي",
    "القحطاني",
    "الحسيني",
    "النجار",
    "الخطيب",
    "السيد",
    "عبد الرحيم",
    "الزهراني",
    "البدوي",
    "الأنصاري",
    "الحداد",
    "الصباغ",
    "العلي",
    "الدوسري",
    "الهاشمي",
    "الرفاعي",
    "منصور",
    "سليمان",
    "عثمان",
    "يوسف",
    "حمدان",
    "بركات",
    "الفاسي",
    "بن علي",
    "الطرابلسي",
    "العمري",
    "الكبيسي",
    "الجبوري",
    "التميمي",
    "المهيري",
    "الكعبي",
    "الشامسي",
    "درويش",
    "قاسم",
    "نصار",
    "الخوري",
    "حداد",
)

ROLES = (
    "وزير المالية",
    "وزير الاقتصاد",
    "وزير الصحة",
    "وزير التعليم",
    "وزير الزراعة",
    "محافظ البنك المركزي",
    "رئيس مجلس الإدارة",
    "المتحدث الرسمي باسم الوزارة",
    "مدير عام الهيئة",
    "رئيس الغرفة التجارية",
    "الخبير الاقتصادي",
    "أستاذ العلوم السياسية",
    "مدرب المنتخب",
    "رئيس النادي",
    "مدير المستشفى",
    "رئيس الجامعة",
    "عضو مجلس النواب",
    "المدير التنفيذي للشركة",
    "محافظ المدينة",
    "رئيس البلدية",
)

LATIN = (
    "Google",
    "Microsoft",
    "Apple",
    "Samsung",
    "Huawei",
    "Siemens",
    "Airbus",
    "Boeing",
    "OPEC",
    "IMF",
    "FIFA",
    "UNESCO",
    "WHO",
    "Nvidia",
    "OpenAI",
    "Tesla",
    "Toyota",
    "BBC",
    "Reuters",
    "Bloomberg",
    "Visa",
    "Aramco",
    "TotalEnergies",
    "Shell",
)

# Openers followed by an official's name and what they said.
SAYING = (
    "وقال",
    "وأكد",
    "وأوضح",
    "وأضاف",
    "وأشار",
    "وذكر",
    "وشدد",
    "ومن جهته قال",
    "من جانبه أكد",
    "وفي تصريحات صحفية قال",
    "وتابع",
    "ولفت",
)
# Openers followed by a clause.
LINKS = (
    "وفي السياق ذاته،",
    "في المقابل،",
    "إلى ذلك،",
    "وعلى صعيد متصل،",
    "وفي وقت سابق،",
    "وبحسب البيان فإن",
    "ووفقا للتقديرات فإن",
    "وذكرت مصادر مطلعة أن",
    "ويرى مراقبون أن",
    "وأشار التقرير إلى أن",
    "ولفتت الوزارة إلى أن",
    "وكانت التقارير قد أشارت إلى أن",
)

TIMES = (
    "خلال الأسبوع الجاري",
    "في وقت سابق اليوم",
    "مساء أمس",
    "صباح اليوم",
    "خلال الشهر المقبل",
    "منذ مطلع العام",
    "خلال الربع الأول من العام",
    "في النصف الثاني من العام",
    "على مدى السنوات الخمس المقبلة",
    "بحلول نهاية العام",
    "خلال العقد الماضي",
    "في الأيام القليلة المقبلة",
    "على هامش المؤتمر السنوي",
    "في ختام اجتماعات اللجنة",
)

UNITS = ("مليون دولار", "مليار", "ألف", "في المئة", "طن", "وحدة", "كيلومتر")

COMMON_OBJECTS = (
    "خطة شاملة لتطوير الخدمات",
    "حزمة من الإجراءات الجديدة",
    "برنامجا وطنيا طموحا",
    "اتفاقية تعاون مشترك",
    "مذكرة تفاهم مع عدد من الشركاء",
    "تقريرا مفصلا عن الأوضاع الراهنة",
    "مبادرة لدعم الشباب",
    "استراتيجية متكاملة للسنوات المقبلة",
    "نتائج الدراسة الأخيرة",
    "ضوابط جديدة لتنظيم القطاع",
    "آليات لمتابعة التنفيذ",
    "مشروعا تجريبيا في عدد من المناطق",
)

COMMON_TAILS = (
    "بما يسهم في تحقيق التنمية المستدامة",
    "وفق جدول زمني محدد",
    "بالتنسيق مع الجهات المعنية",
    "في إطار رؤية الدولة للتنمية",
    "وسط ترقب واسع من المتابعين",
    "رغم التحديات الراهنة",
    "بمشاركة واسعة من القطاع الخاص",
    "لتلبية الطلب المتزايد",
    "على المستويين المحلي والدولي",
    "بعد مشاورات استمرت عدة أشهر",
    "في ظل الظروف الاقتصادية الصعبة",
    "لضمان جودة الخدمات المقدمة",
)

# Sentences with harakat, as some sites write quotations and headlines.
VOCALISED = (
    "وَقَالَ إِنَّ الْمَرْحَلَةَ الْمُقْبِلَةَ تَتَطَلَّبُ تَضَافُرَ الْجُهُودِ",
    "وَأَكَّدَ أَنَّ الْحُكُومَةَ مَاضِيَةٌ فِي تَنْفِيذِ خُطَطِهَا",
    "وَأَشَارَ إِلَى أَنَّ النَّتَائِجَ جَاءَتْ مُطَابِقَةً لِلتَّوَقُّعَاتِ",
    "وَلَفَتَ إِلَى أَهَمِّيَّةِ الْاِسْتِثْمَارِ فِي الْإِنْسَانِ",
)


class Topic(NamedTuple):
    """What articles on one subject are made of."""

    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    headlines: tuple[str, ...]  # "{place}" and "{n}" are filled in
    keywords: tuple[str, ...]


TOPICS = (
    Topic(
        (
            "البنك المركزي",
            "وزارة المالية",
            "البورصة",
            "الحكومة",
            "صندوق النقد الدولي",
            "الغرفة التجارية",
            "هيئة الاستثمار",
            "المصارف المحلية",
        ),
        ("أعلن", "قرر", "كشف عن", "توقع", "أقر", "راجع", "رفع", "خفض", "ثبّت"),
        (
            "أسعار الفائدة",
            "معدل التضخم",
            "الموازنة العامة",
            "حجم الصادرات",
            "الاحتياطي النقدي",
            "سعر صرف العملة",
            "الدين العام",
            "تدفقات الاستثمار الأجنبي",
            "أسعار الوقود",
            "مؤشرات النمو الاقتصادي",
            "عجز الميزان التجاري",
            "برنامج الإصلاح الاقتصادي",
        ),
        (
            "البنك المركزي يثبت أسعار الفائدة للمرة {n} على التوالي",
            "التضخم يتراجع إلى {n}% في {place}",
            "ارتفاع الصادرات غير النفطية بنسبة {n}%",
            "الحكومة تقر موازنة العام الجديد بعجز أقل",
            "البورصة تربح {n} مليار في جلسة واحدة",
            "صندوق النقد يرفع توقعات النمو لاقتصاد المنطقة",
        ),
        (
            "الاقتصاد",
            "البنك المركزي",
            "التضخم",
            "أسعار الفائدة",
            "الموازنة العامة",
            "البورصة",
            "الاستثمار",
            "الصادرات",
            "صندوق النقد الدولي",
            "الدين العام",
            "سعر الصرف",
            "السياسة النقدية",
            "أسعار الوقود",
            "الضرائب",
        ),
    ),
    Topic(
        (
            "مجلس النواب",
            "وزارة الخارجية",
            "رئيس الوزراء",
            "الحكومة",
            "الأمين العام للجامعة العربية",
            "وفد رسمي",
            "اللجنة البرلمانية",
            "مجلس الأمن",
        ),
        ("بحث", "ناقش", "استعرض", "أدان", "رحب بـ", "دعا إلى", "وقّع", "اعتمد"),
        (
            "سبل تعزيز العلاقات الثنائية",
            "مشروع قانون الانتخابات",
            "تطورات الأوضاع الإقليمية",
            "ملف اللاجئين",
            "جهود التهدئة",
            "التعديلات الدستورية",
            "اتفاق وقف إطلاق النار",
            "ملفات التعاون المشترك",
            "خطة الإصلاح الإداري",
            "نتائج القمة العربية",
        ),
        (
            "مجلس النواب يقر قانون الانتخابات الجديد",
            "وزير الخارجية يصل إلى {place} في زيارة رسمية",
            "قمة عربية طارئة في {place} لبحث التطورات",
            "الحكومة تعلن تعديلا وزاريا يشمل {n} حقائب",
            "مجلس الأمن يدعو إلى وقف فوري للتصعيد",
        ),
        (
            "السياسة",
            "مجلس النواب",
            "الانتخابات",
            "وزارة الخارجية",
            "الجامعة العربية",
            "مجلس الأمن",
            "اللاجئين",
            "القمة العربية",
            "الدستور",
            "التعديل الوزاري",
            "وقف إطلاق النار",
            "العلاقات الثنائية",
        ),
    ),
    Topic(
        (
            "المنتخب الوطني",
            "نادي الوادي",
            "الاتحاد المحلي لكرة القدم",
            "مدرب الفريق",
            "اللجنة الأولمبية",
            "رابطة الأندية",
            "النادي الأهلي",
            "نادي النجم",
        ),
        ("حقق", "خسر", "تأهل إلى", "أعلن", "تعاقد مع", "ودّع", "استعد لـ", "توج بـ"),
        (
            "لقب الدوري",
            "نهائي الكأس",
            "الدور قبل النهائي",
            "صفقة انتقال جديدة",
            "المباراة الودية",
            "بطولة الأمم",
            "تصفيات كأس العالم",
            "المركز الثالث",
            "المعسكر التدريبي",
            "الميدالية الذهبية",
        ),
        (
            "المنتخب يتأهل إلى نهائيات كأس العالم بعد فوز مثير",
            "نادي الوادي يتوج بلقب الدوري للمرة {n}",
            "تعادل مخيب في ديربي {place}",
            "انطلاق الماراثون الدولي في {place} بمشاركة {n} عداء",
            "المدرب يعلن قائمة المنتخب لمعسكر {place}",
        ),
        (
            "الرياضة",
            "كرة القدم",
            "المنتخب الوطني",
            "الدوري المحلي",
            "كأس العالم",
            "نادي الوادي",
            "الألعاب الأولمبية",
            "الماراثون",
            "كرة السلة",
            "التصفيات",
            "الانتقالات",
            "FIFA",
        ),
    ),
    Topic(
        (
            "وزارة الصحة",
            "منظمة الصحة العالمية",
            "المستشفى الجامعي",
            "الأطباء",
            "هيئة الدواء",
            "فرق التطعيم",
            "الباحثون",
            "نقابة الأطباء",
        ),
        ("أطلق", "حذّر من", "أعلن", "افتتح", "رصد", "طوّر", "نفّذ", "دعا إلى"),
        (
            "حملة تطعيم واسعة",
            "انتشار الأمراض الموسمية",
            "وحدة جديدة للعناية المركزة",
            "برنامج الكشف المبكر",
            "نقص بعض الأدوية",
            "خدمات التأمين الصحي",
            "علاجا مبتكرا",
            "منظومة الرعاية الأولية",
            "قوائم الانتظار في المستشفيات",
            "بروتوكولا علاجيا جديدا",
        ),
        (
            "وزارة الصحة تطلق حملة تطعيم تستهدف {n} ألف طفل",
            "افتتاح مستشفى جديد في {place}",
            "تحذيرات من موجة حر تضرب {place}",
            "دراسة: الذكاء الاصطناعي يكشف الأمراض مبكرا",
            "خفض قوائم الانتظار في المستشفيات بنسبة {n}%",
        ),
        (
            "الصحة",
            "وزارة الصحة",
            "التطعيم",
            "المستشفيات",
            "الأطفال",
            "منظمة الصحة العالمية",
            "التأمين الصحي",
            "الأدوية",
            "موجة الحر",
            "WHO",
            "الأمراض المزمنة",
        ),
    ),
    Topic(
        (
            "الشركات الناشئة",
            "وزارة الاتصالات",
            "شركة تقنية",
            "المطورون",
            "هيئة الأمن السيبراني",
            "مركز الابتكار",
            "الجامعات التقنية",
            "مزودو الخدمة",
        ),
        ("أطلق", "كشف عن", "طوّر", "أعلن", "استحوذ على", "جمع", "اختبر", "دشّن"),
        (
            "نموذجا للذكاء الاصطناعي",
            "شبكة الجيل الخامس",
            "تطبيقا للخدمات الحكومية",
            "منصة للدفع الإلكتروني",
            "جولة تمويل جديدة",
            "مركز بيانات ضخما",
            "حلولا للأمن السيبراني",
            "هاتفا ذكيا جديدا",
            "خدمات الحوسبة السحابية",
            "برنامجا لتدريب المبرمجين",
        ),
        (
            "شركة ناشئة تجمع {n} مليون دولار لتطوير الذكاء الاصطناعي",
            "إطلاق شبكة الجيل الخامس في {place}",
            "هجوم إلكتروني يستهدف مؤسسات حكومية",
            "نموذج لغوي يفهم اللهجات العربية",
            "افتتاح مركز بيانات في {place} باستثمارات ضخمة",
        ),
        (
            "التكنولوجيا",
            "الذكاء الاصطناعي",
            "الشركات الناشئة",
            "الأمن السيبراني",
            "الهواتف الذكية",
            "الجيل الخامس",
            "الدفع الإلكتروني",
            "ريادة الأعمال",
            "الحوسبة السحابية",
            "Google",
            "Apple",
            "OpenAI",
            "Nvidia",
        ),
    ),
    Topic(
        (
            "وزارة الزراعة",
            "المزارعون",
            "هيئة الأرصاد الجوية",
            "وزارة البيئة",
            "شركة الكهرباء",
            "وزارة الموارد المائية",
            "الدفاع المدني",
            "المجلس البلدي",
        ),
        ("أعلن", "حذّر من", "بدأ", "أنجز", "توقع", "افتتح", "رصد", "وزّع"),
        (
            "موسم حصاد القمح",
            "منظومة الري الحديث",
            "محطة للطاقة الشمسية",
            "مزرعة رياح جديدة",
            "أمطارا غزيرة وسيولا",
            "خطة ترشيد المياه",
            "مشروعا لتحلية المياه",
            "حملة لزراعة الأشجار",
            "تراجع منسوب السدود",
            "أسمدة مدعومة للمزارعين",
        ),
        (
            "الأرصاد تحذر من أمطار غزيرة وسيول في {place}",
            "بدء موسم حصاد القمح وتوقعات بإنتاج قياسي",
            "تشغيل محطة للطاقة الشمسية في {place} بقدرة {n} ميغاواط",
            "الري الحديث يخفض استهلاك المياه بنسبة {n}%",
            "خطة لزراعة {n} ألف شجرة في {place}",
        ),
        (
            "البيئة",
            "الزراعة",
            "المياه",
            "الطاقة الشمسية",
            "الطاقة المتجددة",
            "التغير المناخي",
            "الأمطار",
            "القمح",
            "المزارعين",
            "طاقة الرياح",
            "الجفاف",
            "السيول",
            "تحلية المياه",
        ),
    ),
    Topic(
        (
            "وزارة التعليم",
            "الجامعة",
            "المدارس الحكومية",
            "الطلاب",
            "وزارة الثقافة",
            "دار الأوبرا",
            "هيئة الكتاب",
            "المعلمون",
        ),
        ("أعلن", "افتتح", "نظّم", "أطلق", "استقبل", "كرّم", "اعتمد", "طوّر"),
        (
            "نتائج امتحانات الثانوية العامة",
            "منحا دراسية للمتفوقين",
            "مناهج جديدة للمرحلة الابتدائية",
            "معرض الكتاب الدولي",
            "مهرجانا للفنون الشعبية",
            "مسابقة للقراءة",
            "برنامجا لتدريب المعلمين",
            "أسبوع الفيلم العربي",
            "جائزة الرواية العربية",
            "مكتبة رقمية للطلاب",
        ),
        (
            "انطلاق معرض الكتاب في {place} بمشاركة {n} دار نشر",
            "إعلان نتائج الثانوية العامة بنسبة نجاح {n}%",
            "مهرجان التمور في {place} يجذب آلاف الزوار",
            "مناهج جديدة تدمج الذكاء الاصطناعي في المدارس",
            "تكريم الفائزين بجائزة الرواية العربية",
        ),
        (
            "التعليم",
            "الثقافة",
            "الجامعات",
            "المدارس",
            "معرض الكتاب",
            "المنح الدراسية",
            "الثانوية العامة",
            "السينما",
            "المسرح",
            "الرواية العربية",
            "UNESCO",
            "السياحة",
        ),
    ),
    Topic(
        (
            "وزارة النقل",
            "هيئة الطرق",
            "شركة الطيران الوطنية",
            "وزارة الإسكان",
            "المطار الدولي",
            "هيئة الموانئ",
            "شركة المترو",
            "وزارة السياحة",
        ),
        ("افتتح", "أعلن", "بدأ", "وقّع", "أنجز", "طرح", "رفع", "استقبل"),
        (
            "خطا جديدا للمترو",
            "توسعة الطريق الدائري",
            "رحلات مباشرة جديدة",
            "وحدات سكنية للشباب",
            "مناقصة لإنشاء ميناء",
            "أسعار تذاكر النقل العام",
            "أعداد السياح القادمين",
            "مشروع القطار السريع",
            "منطقة لوجستية متكاملة",
            "خطة لتطوير المطارات",
        ),
        (
            "افتتاح خط المترو الجديد في {place} بطول {n} كيلومترا",
            "ارتفاع أعداد السياح بنسبة {n}%",
            "شركة الطيران تطلق رحلات مباشرة إلى {place}",
            "طرح {n} ألف وحدة سكنية للشباب",
            "بدء أعمال القطار السريع بين المدن الكبرى",
        ),
        (
            "النقل",
            "السياحة",
            "الإسكان",
            "المترو",
            "الطيران",
            "القطار السريع",
            "الموانئ",
            "الطرق",
            "النقل العام",
            "Airbus",
            "Boeing",
        ),
    ),
)

# Names of projects, villages, companies … made from Arabic roots and word patterns: the long
# tail of rare words that real news has and a few hundred words alone would not.
ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
NAME_PATTERNS = (
    "{0}{1}ا{2}",
    "{0}ا{1}{2}",
    "م{0}{1}و{2}",
    "{0}{1}ي{2}",
    "م{0}{1}{2}ة",
    "{0}{1}{2}ان",
    "ال{0}{1}ا{2}ي",
    "{0}{1}{2}ية",
)
NAME_KINDS = (
    "مشروع",
    "قرية",
    "شركة",
    "مجمع",
    "حي",
    "مبادرة",
    "سد",
    "مصنع",
    "مستشفى",
    "مدرسة",
    "ميناء",
    "جمعية",
)
NAMES = 20_000
NAME_OPENERS = (
    "أعلنت مصادر رسمية أن",
    "قالت مصادر محلية إن",
    "أكد مسؤولون أن",
    "كشف تقرير حديث أن",
    "أفاد شهود عيان بأن",
)
NAME_NEWS = (
    "سيدخل الخدمة قريبا",
    "يشهد إقبالا كبيرا",
    "حقق نتائج إيجابية",
    "يواجه صعوبات في التمويل",
    "يضم مئات العاملين",
    "أثار جدلا واسعا",
    "بات نموذجا يحتذى به",
    "ينتظر موافقة الجهات المختصة",
)

ARABIC_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PLACE = "\0"
NAME = "\1"
SENTENCES_PER_TOPIC = 3000
FIRST_DAY = datetime.date(2019, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days + 1


class Zipf:
    """Picks items with weight 1 / rank: the first is common, the last rare."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.items) + 1))
        )
        self.total = self.cumulative[-1]

    def pick(self, random_: float) -> str:
        return self.items[min(bisect(self.cumulative, random_ * self.total), len(self.items) - 1)]


def _keyword_pool(rng: random.Random) -> Zipf:
    """Every keyword an article can carry, commonest first: topic words, then places and Latin
    names, then people."""
    groups = [
        [k for topic in TOPICS for k in topic.keywords],
        [*PLACES, *LATIN],
        [f"{first} {family}" for first in FIRST_NAMES for family in FAMILY_NAMES][:600],
    ]
    for group in groups:
        rng.shuffle(group)
    return Zipf(list(dict.fromkeys(k for group in groups for k in group)))


def _names(rng: random.Random) -> Zipf:
    """NAMES made-up proper names, a few common and most rare."""
    found: dict[str, None] = {}
    while len(found) < NAMES:
        root = [ROOT_LETTERS[int(rng.random() * len(ROOT_LETTERS))] for _ in range(3)]
        pattern = NAME_PATTERNS[int(rng.random() * len(NAME_PATTERNS))]
        kind = NAME_KINDS[int(rng.random() * len(NAME_KINDS))]
        found[f"{kind} {pattern.format(*root)}"] = None
    return Zipf(list(found))


class Corpus:
    """Makes articles one at a time from one seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.keywords = _keyword_pool(random.Random(seed + 1))
        self.names = _names(random.Random(seed + 2))
        self.recent_titles: list[str] = []
        # Sentences are put together once per topic and shared out afterwards (with the
        # article's own place, numbers and keywords): that is what makes 20,000 articles a
        # second possible.
        self.sentences = [
            [self._sentence(topic) for _ in range(SENTENCES_PER_TOPIC)] for topic in TOPICS
        ]

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self.rng.random() * len(items))]

    def _number(self) -> str:
        number = str(int(self.rng.random() ** 3 * 5000) + 2)
        return number.translate(INDIC_DIGITS) if self.rng.random() < 0.3 else number

    def _sentence(self, topic: Topic) -> str:
        """A sentence on `topic`; PLACE and NAME stand for the article's place and name."""
        pick, rand = self._pick, self.rng.random
        clause = f"{pick(topic.subjects)} {pick(topic.verbs)} {pick(topic.objects)}"
        person = f"{pick(ROLES)} {pick(FIRST_NAMES)} {pick(FAMILY_NAMES)}"
        kind = rand()
        if kind < 0.3:
            return f"{pick(SAYING)} {person} إن {clause} {pick(TIMES)}"
        if kind < 0.55:
            return f"{pick(LINKS)} {clause} في {PLACE} {pick(COMMON_TAILS)}"
        if kind < 0.75:
            return (
                f"{pick(LINKS)} {pick(topic.objects)} بلغ نحو {self._number()} "
                f"{pick(UNITS)} {pick(TIMES)}"
            )
        if kind < 0.92:
            return (
                f"{pick(LINKS)} {pick(COMMON_OBJECTS)} {pick(COMMON_TAILS)}، "
                f"و{pick(topic.objects)} في {pick(PLACES)}"
            )
        if kind < 0.96:
            return f"{pick(LINKS)} شركة {pick(LATIN)} {clause} في {PLACE}"
        if kind < 0.99:
            return f"{pick(SAYING)} {person} إن {NAME} {pick(NAME_NEWS)}"
        return pick(VOCALISED)

    def article(self, number: int) -> dict[str, object]:
        rand, pick = self.rng.random, self._pick
        which = int(rand() * len(TOPICS))
        topic, sentences = TOPICS[which], self.sentences[which]
        place = pick(PLACES)
        count = 2 + int(rand() * 5)
        keywords = list(
            dict.fromkeys(
                [pick(topic.keywords), place] + [self.keywords.pick(rand()) for _ in range(count)]
            )
        )
        name = self.names.pick(rand())
        if rand() < 0.3:
            keywords.append(name)
        headline = pick(topic.headlines).format(place=place, n=self._number())
        title = headline if rand() < 0.5 else f"{headline}: {pick(topic.objects)}"
        paragraphs = []
        many, tagged = len(sentences), [f"، في إطار ملف {k}." for k in keywords]
        for _ in range(3 + int(rand() * 5)):
            paragraph = []
            for _ in range(2 + int(rand() * 3)):
                sentence = sentences[int(rand() * many)].replace(PLACE, place).replace(NAME, name)
                if rand() < 0.3:
                    paragraph.append(sentence + tagged[int(rand() * len(tagged))])
                else:
                    paragraph.append(sentence + ".")
            paragraphs.append(" ".join(paragraph))
        paragraphs[0] = f"{pick(NAME_OPENERS)} {name} {pick(NAME_NEWS)}. {paragraphs[0]}"
        record: dict[str, object] = {
            "title": title,
            "date": self._date(),
            "source": pick(SOURCES),
            "body": paragraphs,
            "keywords": keywords if rand() < 0.8 else "، ".join(keywords),
            "url": f"https://news.example/{number}",
        }
        if self.recent_titles and rand() < 0.1:
            record["related"] = [pick(self.recent_titles) for _ in range(1 + int(rand() * 2))]
        if rand() < 0.05:
            self.recent_titles = [*self.recent_titles[-99:], title]
        return record

    def _date(self) -> str | None:
        rand = self.rng.random
        if rand() < 0.02:
            return None
        day = FIRST_DAY + datetime.timedelta(days=int(rand() * DAYS))
        style = rand()
        if style < 0.6:
            return day.isoformat()
        if style < 0.8:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(
                day.day % 10 if day.day not in (11, 12, 13) else 0, "th"
            )
            return f"{day.day}{suffix}, {ENGLISH_MONTHS[day.month - 1]} {day.year} GMT"
        text = f"{day.day} {ARABIC_MONTHS[day.month - 1]} {day.year}"
        return text.translate(INDIC_DIGITS) if style < 0.9 else text


def articles(count: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """`count` articles, the same ones for the same seed."""
    corpus = Corpus(seed)
    for number in range(count):
        yield corpus.article(number)


def write_corpus(count: int, out: IO[str], seed: int = 0) -> None:
    """Write `count` articles to `out`, one JSON object a line."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    batch: list[str] = []
    for record in articles(count, seed):
        batch.append(dumps(record))
        if len(batch) == 1000:
            out.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        out.write("\n".join(batch) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many articles")
    parser.add_argument("--out", help="the file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default: 0)")
    args = parser.parse_args()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            write_corpus(args.count, out, args.seed)
    else:
        write_corpus(args.count, sys.stdout, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

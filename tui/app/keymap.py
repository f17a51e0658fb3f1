"""Every key qari answers to, declared once, with its label in Arabic and English."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding

from tui.text.display import DisplayOptions, visual


class Key(NamedTuple):
    keys: str
    action: str
    arabic: str
    english: str
    show: bool = True
    key_display: str | None = None


KEYS: tuple[Key, ...] = (
    Key("slash", "focus_search", "بحث", "Search", key_display="/"),
    Key("escape", "clear_search", "مسح البحث", "Clear", show=False, key_display="Esc"),
    Key("tab", "next_pane", "اللوحة التالية", "Next pane", show=False),
    Key("shift+tab", "previous_pane", "اللوحة السابقة", "Previous pane", show=False),
    Key("1", "pane('articles')", "المقالات", "Articles", show=False),
    Key("2", "pane('reader')", "القارئ", "Reader", show=False),
    Key("3", "pane('keywords')", "الكلمات الدلالية", "Keywords", show=False),
    Key("4", "pane('related')", "ذات صلة", "Related", show=False),
    Key("n", "next_article", "التالي", "Next"),
    Key("p", "previous_article", "السابق", "Previous"),
    Key("backspace", "back", "رجوع", "Back", key_display="⌫"),
    Key("s", "toggle_star", "تمييز بنجمة", "Star"),
    Key("u", "toggle_read", "مقروء/غير مقروء", "Read/unread"),
    Key("r", "fetch_feeds", "تحديث الأخبار", "Fetch feeds", show=False),
    Key("y", "copy_article", "نسخ المقال", "Copy article", show=False),
    Key("Y", "copy_url", "نسخ الرابط", "Copy URL", show=False),
    Key("question_mark,f1", "help", "مساعدة", "Help", key_display="?"),
    Key("ctrl+p", "command_palette", "الأوامر", "Commands", show=False),
    Key("q", "quit", "خروج", "Quit"),
)


def label(key: Key, lang: str, options: DisplayOptions) -> str:
    """The key's label as the screen must show it."""
    return key.english if lang == "en" else visual(key.arabic, options)


def bindings(lang: str, options: DisplayOptions) -> list[Binding]:
    return [
        # Tab is the Screen's own focus key; only a priority binding takes it over.
        Binding(
            k.keys,
            k.action,
            label(k, lang, options),
            show=k.show,
            key_display=k.key_display,
            priority=k.keys in ("tab", "shift+tab"),
        )
        for k in KEYS
    ]


# Pane titles and the few other words the screen shows.
WORDS: dict[str, tuple[str, str]] = {
    "articles": ("المقالات", "Articles"),
    "reader": ("القارئ", "Reader"),
    "keywords": ("كلمات دلالية", "Keywords"),
    "related": ("ذات صلة", "Related"),
    "search": ("بحث", "Search"),
    "help": ("مفاتيح قارئ", "qari keys"),
    "no_article": ("لا توجد مقالات", "No articles"),
    "starred": ("مُيّز بنجمة", "Starred"),
    "unstarred": ("أزيلت النجمة", "Star removed"),
    "read": ("مقروء", "Marked read"),
    "unread": ("غير مقروء", "Marked unread"),
    "copied": ("نُسخ المقال", "Article copied"),
    "copied_url": ("نُسخ الرابط", "URL copied"),
    "no_url": ("لا رابط لهذا المقال", "This article has no URL"),
    "history_empty": ("لا شيء للرجوع إليه", "Nothing to go back to"),
    "keyword_unsearchable": ("لا يمكن البحث بهذه الكلمة", "This keyword cannot be searched for"),
    "open_article": ("فتح مقال", "Open article"),
}


def word(name: str, lang: str, options: DisplayOptions) -> str:
    arabic, english = WORDS[name]
    return english if lang == "en" else visual(arabic, options)

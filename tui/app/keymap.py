"""Every key qari answers to and every word it shows, declared once, in Arabic and English.

A new action is a method `action_NAME` on the main screen (or the app, for `app.` actions)
and one `Key` line here; the footer, the help screen and the command palette follow.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingsMap

from tui.text.display import DisplayOptions, visual
from tui.types import Language


class Key(NamedTuple):
    keys: str
    action: str
    arabic: str
    english: str
    show: bool = True
    key_display: str | None = None
    # Taken before the focused widget sees the key (Tab is otherwise the screen's focus key).
    priority: bool = False
    # Offered in the command palette; not for keys that only make sense typed.
    palette: bool = True


KEYS: tuple[Key, ...] = (
    Key("slash", "focus_search", "بحث", "Search", key_display="/", palette=False),
    Key("escape", "clear_search", "مسح البحث", "Clear", show=False, key_display="Esc"),
    Key("tab", "next_pane", "اللوحة التالية", "Next pane", show=False, priority=True),
    Key("shift+tab", "previous_pane", "اللوحة السابقة", "Previous pane", show=False, priority=True),
    Key("1", "pane('articles')", "المقالات", "Articles", show=False),
    Key("2", "pane('reader')", "القارئ", "Reader", show=False),
    Key("3", "pane('keywords')", "الكلمات الدلالية", "Keywords", show=False),
    Key("4", "pane('related')", "ذات صلة", "Related", show=False),
    Key("n", "next_article", "التالي", "Next"),
    Key("p", "previous_article", "السابق", "Previous"),
    Key("backspace", "go_back", "رجوع", "Back", key_display="⌫"),
    Key("s", "toggle_mark('starred')", "تمييز بنجمة", "Star"),
    Key("u", "toggle_mark('read')", "مقروء/غير مقروء", "Read/unread"),
    Key("r", "fetch_feeds", "تحديث الأخبار", "Fetch feeds", show=False),
    Key("f", "filter_shape", "الشكل", "Shape"),
    Key("l", "saved_searches", "المحفوظة", "Saved"),
    # The footer has room for the two above; these are in the help and the palette.
    Key("o", "open_url", "فتح الرابط في المتصفح", "Open the link in a browser", show=False),
    Key("S", "save_search", "حفظ البحث", "Save search", show=False),
    Key("A", "mark_view_read", "تعليم العرض كله مقروءاً", "Mark the view read", show=False),
    Key("z", "undo_mark_view_read", "تراجع عن تعليم العرض", "Undo marking the view", show=False),
    Key("e", "export_view", "تصدير العرض", "Export the view", show=False),
    Key("y", "copy_article", "نسخ المقال", "Copy article", show=False),
    Key("Y", "copy_url", "نسخ الرابط", "Copy URL", show=False),
    Key("question_mark,f1", "help", "مساعدة", "Help", key_display="?"),
    Key(
        "ctrl+p",
        "app.command_palette",
        "الأوامر",
        "Commands",
        show=False,
        priority=True,
        palette=False,
    ),
    Key("q", "app.quit", "خروج", "Quit"),
)


def label(key: Key, lang: Language, options: DisplayOptions) -> str:
    """The key's label as the screen must show it."""
    return key.english if lang == "en" else visual(key.arabic, options)


def bindings(lang: Language, options: DisplayOptions) -> BindingsMap:
    """The main screen's bindings, labelled in `lang` for the footer."""
    return BindingsMap(
        Binding(
            key.keys,
            key.action,
            label(key, lang, options),
            show=key.show,
            key_display=key.key_display,
            priority=key.priority,
        )
        for key in KEYS
    )


# Pane titles and the other words the screen shows.
WORDS: dict[str, tuple[str, str]] = {
    "articles": ("المقالات", "Articles"),
    "reader": ("القارئ", "Reader"),
    "keywords": ("كلمات دلالية", "Keywords"),
    "related": ("ذات صلة", "Related"),
    "search": ("بحث", "Search"),
    "help": ("مفاتيح قارئ", "qari keys"),
    "marks": ("العلامات", "Marks"),
    "mark_unread": ("● مقال لم يُقرأ بعد", "● not read yet"),
    "mark_starred": ("★ مقال مميز بنجمة", "★ starred"),
    "mark_link": ("↩ ربطه «إقرأ أيضاً» بهذا المقال", "↩ linked by «read also»"),
    "mark_duplicate": ("⧉ الخبر نفسه من مصدر آخر", "⧉ the same report from another outlet"),
    "mark_story": ("≡ القصة نفسها في تغطية أخرى", "≡ the same story, told elsewhere"),
    "mark_similar": ("≈ تغطية قريبة في وقت آخر", "≈ close coverage at another time"),
    "empty_store": (
        "لا مقالات بعد: أضفها بالأمر qari import",
        "No articles yet: qari import adds some",
    ),
    "no_results": ("لا مقال يطابق هذا البحث", "No article matches this search"),
    "starred": ("مُيّز بنجمة", "Starred"),
    "unstarred": ("أزيلت النجمة", "Star removed"),
    "read": ("مقروء", "Marked read"),
    "unread": ("غير مقروء", "Marked unread"),
    "copied": ("نُسخ إلى الحافظة", "Copied to the clipboard"),
    "sent_to_terminal": (
        "أُرسل إلى الطرفية لتنسخه، إن كانت تقبل OSC 52",
        "Sent to the terminal to copy, if it accepts OSC 52",
    ),
    "no_url": ("لا رابط لهذا المقال", "This article has no URL"),
    "history_empty": ("لا شيء للرجوع إليه", "Nothing to go back to"),
    "not_saved": ("لم تُحفظ العلامة", "A mark was not saved"),
    "keyword_unsearchable": ("لا يمكن البحث بهذه الكلمة", "This keyword cannot be searched for"),
    "open_article": ("فتح مقال", "Open article"),
    "opened_url": ("فُتح الرابط في المتصفح", "Opened in the browser"),
    "not_web_url": ("ليس رابط ويب يمكن فتحه", "Not a web address that can be opened"),
    "no_browser": ("لم يُعثر على متصفح", "No browser could be started"),
    "confirm_all_read": (
        "تعليم {n} مقال غير مقروء في هذا العرض بأنها مقروءة؟",
        "Mark the {n} unread articles of this view read?",
    ),
    "yes_no": ("نعم y · لا n", "y yes · n no"),
    "nothing_unread": ("لا مقال غير مقروء في هذا العرض", "Nothing unread in this view"),
    "marked_all_read": (
        "عُلّم {n} مقالاً بأنه مقروء، z للتراجع",
        "{n} articles marked read; z to undo",
    ),
    "undone": ("أُعيد {n} مقالاً غير مقروء", "{n} articles unread again"),
    "nothing_to_undo": ("لا شيء للتراجع عنه", "Nothing to undo"),
    "exporting": ("جارٍ التصدير…", "Exporting…"),
    "exported": ("صُدّر {n} مقالاً إلى {path}", "Exported {n} articles to {path}"),
    "export_failed": ("تعذّر التصدير: {error}", "Could not export: {error}"),
    "save_search_title": ("حفظ البحث", "Save the search"),
    "search_name": ("اسم البحث", "Name of the search"),
    "saved_search": ("حُفظ البحث «{name}»", "Saved the search «{name}»"),
    "bad_search": ("لا يمكن حفظ بحث فيه خطأ", "A search with an error cannot be saved"),
    "saved_searches": ("البحوث المحفوظة", "Saved searches"),
    "no_saved_searches": (
        "لا بحوث محفوظة بعد: S يحفظ البحث الحالي",
        "No saved searches yet: S saves the current one",
    ),
    "removed_search": ("حُذف البحث «{name}»", "Removed the search «{name}»"),
    "shape": ("شكل التصفية", "Filter shape"),
    "shape_total": ("{n} مقال", "{n} articles"),
    "sources": ("المصادر", "Sources"),
    "per_day": ("في اليوم", "per day"),
    "per_week": ("في الأسبوع", "per week"),
    "per_month": ("في الشهر", "per month"),
    "counting": ("جارٍ العد…", "Counting…"),
}


def text(name: str, lang: Language) -> str:
    """A word from WORDS in logical order, for a widget that lays it out itself."""
    arabic, english = WORDS[name]
    return english if lang == "en" else arabic


def word(name: str, lang: Language, options: DisplayOptions) -> str:
    """A word from WORDS as the screen must show it, for a title, a label or a notice."""
    return visual(text(name, lang), options)

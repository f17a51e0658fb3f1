"""The installed `qari feeds` and `qari fetch` against a real local server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from feed_fixtures import fixture_bytes, page_bytes, windows_1256_feed
from feed_server import FeedServer, Route
from support import Terminal, child_env, qari_command

ATOM = "application/atom+xml"


class Qari:
    """The installed `qari` with one store and a private home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.store = home / "store.sqlite3"

    def __call__(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [qari_command(), *args[:2], "--store", str(self.store), *args[2:]]
            if args[0] == "feeds"
            else [qari_command(), args[0], "--store", str(self.store), *args[1:]],
            check=False,
            capture_output=True,
            text=True,
            env=child_env(self.home),
            timeout=timeout,
        )

    def json(self, *args: str) -> list[dict[str, object]]:
        done = self(*args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture
def qari(tmp_path: Path) -> Qari:
    return Qari(tmp_path)


def serve_news(server: FeedServer) -> None:
    server.routes["/rss"] = Route(fixture_bytes("rss.xml"), etag='"v1"')
    server.routes["/atom"] = Route(
        fixture_bytes("atom.xml"), content_type=ATOM, last_modified="Sat, 29 Nov 2025 12:00:00 GMT"
    )
    server.routes["/gulf"] = Route(windows_1256_feed(), content_type="text/xml", gzip=True)


def test_subscribed_feeds_are_fetched_into_the_store(server: FeedServer, qari: Qari) -> None:
    serve_news(server)
    assert qari("feeds", "add", server.url("/rss")).returncode == 0
    assert qari("feeds", "add", server.url("/atom"), "--name", "التقنية").returncode == 0
    assert qari("feeds", "add", server.url("/gulf"), "--category", "اقتصاد").returncode == 0
    done = qari("fetch")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    articles = qari.json("list")
    assert len(articles) == 3 + 3 + 1
    by_title = {a["title"]: a for a in articles}
    market = by_title['افتتاح سوق الخضار الجديد "الكبير" في المدينة']
    assert market["source"] == "أخبار الوادي"  # the feed's own title
    assert market["keywords"] == ["أسواق", "المدينة", "التجارة"]
    assert market["url"] == "http://news.example/market"
    assert market["date"] == "2025-12-01"
    assert by_title["نموذج لغوي للهجات العربية"]["source"] == "التقنية"  # the name given
    assert by_title["ارتفاع أسعار الذهب في الأسواق المحلية"]["source"] == "صحيفة الخليج اليومية"
    found = qari.json("list", "--search", "source:التقنية")
    assert {a["title"] for a in found} == {
        "نموذج لغوي للهجات العربية",
        "شبكة شحن للسيارات الكهربائية",
        "تحديث للتطبيق",
    }
    assert [a["title"] for a in qari.json("list", "--search", "#الطقس")] == [
        "هطول أمطار غزيرة على الساحل"
    ]
    listed = {f["url"]: f for f in qari.json("feeds", "list")}
    assert listed[server.url("/rss")]["articles"] == 3
    assert listed[server.url("/rss")]["last_status"] == "ok: 3 items"
    assert listed[server.url("/rss")]["last_fetched"] is not None
    assert listed[server.url("/gulf")]["category"] == "اقتصاد"
    assert listed[server.url("/atom")]["name"] == "التقنية"


def test_a_second_fetch_asks_conditionally_and_duplicates_nothing(
    server: FeedServer, qari: Qari
) -> None:
    serve_news(server)
    for path in ("/rss", "/atom", "/gulf"):
        qari("feeds", "add", server.url(path))
    assert qari("fetch").returncode == 0
    count = len(qari.json("list"))
    assert qari("fetch").returncode == 0
    assert len(qari.json("list")) == count
    assert server.hits("/rss")[1]["if-none-match"] == '"v1"'
    assert server.hits("/atom")[1]["if-modified-since"] == "Sat, 29 Nov 2025 12:00:00 GMT"
    statuses = {f["url"]: f["last_status"] for f in qari.json("feeds", "list")}
    assert statuses[server.url("/rss")] == "unchanged"
    assert statuses[server.url("/gulf")] == "ok: 1 items"  # no validators: fetched again


def test_each_failed_feed_is_one_line_and_the_rest_are_fetched(
    server: FeedServer, qari: Qari
) -> None:
    serve_news(server)
    server.routes["/stall"] = Route(stall=True)
    server.routes["/broken"] = Route(fixture_bytes("broken.xml"))
    server.routes["/bomb"] = Route(fixture_bytes("bomb.xml"))
    with FeedServer("127.0.0.2") as closed:
        refused = closed.url("/feed")
    for path in ("/rss", "/missing", "/stall", "/broken", "/bomb"):
        qari("feeds", "add", server.url(path))
    qari("feeds", "add", refused, "--name", "مغلق")
    done = qari("fetch", "--timeout", "2")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = sorted(done.stderr.strip().split("\n"))
    assert len(lines) == 5
    port = server.base.rsplit(":", 1)[1]
    assert lines == sorted(
        [
            f"127.0.0.1:{port} ({server.url('/missing')}): HTTP 404 Not Found",
            f"127.0.0.1:{port} ({server.url('/stall')}): no answer within 2 s",
            (
                f"موقع مكسور ({server.url('/broken')}): line 13: broken XML: "
                "xmlParseEntityRef: no name; 1 items read before it"
            ),
            (
                f"127.0.0.1:{port} ({server.url('/bomb')}): "
                "declares XML entities (refused: entity expansion)"
            ),
            f"مغلق ({refused}): connection refused",
        ]
    )
    titles = {a["title"] for a in qari.json("list")}
    assert "الخبر الأول يصل سليما" in titles  # kept from before the break
    assert "هطول أمطار غزيرة على الساحل" in titles
    assert len(server.hits("/stall")) == 1  # out of time: not tried again


def test_summaries_get_their_pages_once(server: FeedServer, qari: Qari) -> None:
    server.routes["/nile"] = Route(
        fixture_bytes("summary.xml").replace(b"{base}", server.base.encode())
    )
    server.routes["/news/solar"] = Route(page_bytes("solar_plant.html"), content_type="text/html")
    server.routes["/news/dates"] = Route(
        page_bytes("plain_layout.html"), content_type="text/html; charset=utf-8"
    )
    qari("feeds", "add", server.url("/nile"))
    done = qari("fetch")
    assert done.returncode == 0, done.stderr
    by_title = {a["title"]: a for a in qari.json("list")}
    solar = by_title["تشغيل أكبر محطة شمسية في أسوان"]
    assert solar["keywords"] == ["طاقة", "أسوان", "الطاقة الشمسية", "الكهرباء", "الطاقة المتجددة"]
    assert solar["date"] == "2025-11-30"  # from the page: the item had none
    assert by_title["مهرجان التمور في الواحات يستقبل زواره"]["date"] == "2025-10-14"
    found = qari.json("list", "--search", "فرصة عمل لأبناء المحافظة")
    assert [a["title"] for a in found] == ["تشغيل أكبر محطة شمسية في أسوان"]
    assert qari.json("list", "--search", "الأكثر قراءة") == []
    assert qari.json("list", "--search", "الفاتورة على المواطن") == []  # a comment
    assert "خبر صفحته مفقودة" in by_title  # its page is a 404: the summary stays
    assert qari("fetch").returncode == 0
    assert len(server.hits("/news/solar")) == 1
    assert len(server.hits("/news/gone")) == 1  # a 404 is not asked again either
    assert len(qari.json("list")) == 3


def test_full_text_never_and_always(server: FeedServer, qari: Qari) -> None:
    feed = fixture_bytes("summary.xml").replace(b"{base}", server.base.encode())
    server.routes["/never"] = Route(feed)
    server.routes["/news/solar"] = Route(page_bytes("solar_plant.html"), content_type="text/html")
    qari("feeds", "add", server.url("/never"), "--full-text", "never")
    assert qari("fetch").returncode == 0
    assert server.hits("/news/solar") == []
    server.routes["/always"] = Route(
        fixture_bytes("rss.xml").replace(b"http://news.example", server.base.encode() + b"/news")
    )
    qari("feeds", "remove", server.url("/never"))
    qari("feeds", "add", server.url("/always"), "--full-text", "always")
    assert qari("fetch").returncode == 0
    assert len(server.hits("/news/market")) == 1  # asked for although the item was whole


def test_a_permanent_redirect_is_remembered(server: FeedServer, qari: Qari) -> None:
    server.routes["/old"] = Route(status=308, location="/new")
    server.routes["/new"] = Route(fixture_bytes("rss.xml"))
    qari("feeds", "add", server.url("/old"))
    assert qari("fetch").returncode == 0
    assert qari("fetch").returncode == 0
    assert len(server.hits("/old")) == 1 and len(server.hits("/new")) == 2
    assert len(qari.json("list")) == 3


def test_a_long_retry_after_is_honoured_on_the_next_run(server: FeedServer, qari: Qari) -> None:
    server.routes["/busy"] = Route(status=429, headers={"Retry-After": "3600"})
    qari("feeds", "add", server.url("/busy"), "--name", "مشغول")
    first = qari("fetch")
    assert first.returncode == 1 and "429" in first.stderr
    second = qari("fetch")
    assert second.returncode == 1 and "asked to wait until" in second.stderr
    assert len(server.hits("/busy")) == 1


def test_opml_round_trips_with_nested_categories(tmp_path: Path, qari: Qari) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="أخبار">
    <outline text="محلية">
      <outline type="rss" text="الوادي" xmlUrl="http://news.example/rss"/>
    </outline>
    <outline type="rss" text="الخليج" xmlUrl="http://gulf.example/rss"/>
  </outline>
  <outline type="rss" text="Tech &amp; more" xmlUrl="http://tech.example/atom.xml"/>
  <outline type="rss" text="bad" xmlUrl="ftp://files.example/feed"/>
</body></opml>""",
        encoding="utf-8",
    )
    done = qari("feeds", "import", str(opml))
    assert done.returncode == 1
    assert done.stdout.strip() == "subscribed to 3 new, 0 known, rejected 1"
    assert done.stderr.strip() == "rejected: not an http(s) address: ftp://files.example/feed"
    listed = {f["url"]: (f["name"], f["category"]) for f in qari.json("feeds", "list")}
    assert listed == {
        "http://news.example/rss": ("الوادي", "أخبار/محلية"),
        "http://gulf.example/rss": ("الخليج", "أخبار"),
        "http://tech.example/atom.xml": ("Tech & more", ""),
    }
    exported = qari("feeds", "export").stdout
    (tmp_path / "again.opml").write_text(exported, encoding="utf-8")
    other = Qari(tmp_path / "other")
    (tmp_path / "other").mkdir()
    assert other("feeds", "import", str(tmp_path / "again.opml")).returncode == 0
    assert {f["url"]: (f["name"], f["category"]) for f in other.json("feeds", "list")} == listed


def test_remove_by_name_takes_the_feeds_articles_along(server: FeedServer, qari: Qari) -> None:
    serve_news(server)
    qari("feeds", "add", server.url("/rss"))
    qari("feeds", "add", server.url("/atom"), "--name", "التقنية")
    qari("fetch")
    done = qari("feeds", "remove", "التقنية")
    assert done.returncode == 0
    assert [f["url"] for f in qari.json("feeds", "list")] == [server.url("/rss")]
    assert {a["source"] for a in qari.json("list")} == {"أخبار الوادي"}
    missing = qari("feeds", "remove", "لا يوجد")
    assert missing.returncode == 1 and "no feed" in missing.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("fetch", "--jobs", "0"),
        ("fetch", "--timeout", "-1"),
        ("fetch", "--jobs", "many"),
        ("feeds", "add", "file:///etc/passwd"),
        ("feeds", "add", "--full-text", "sometimes", "http://x.example/"),
        ("feeds", "frobnicate"),
    ],
)
def test_usage_errors_exit_2(qari: Qari, args: tuple[str, ...]) -> None:
    done = qari(*args)
    assert done.returncode == 2
    assert done.stderr.strip()


def test_a_saved_page_imports_through_the_same_extractor(tmp_path: Path, qari: Qari) -> None:
    page = tmp_path / "rates.html"
    page.write_bytes(page_bytes("rates_1256.html"))
    done = qari("import", str(page))
    assert done.returncode == 0, done.stderr
    (article,) = qari.json("list")
    assert article["title"] == "البنك المركزي يثبت أسعار الفائدة"
    assert article["keywords"] == ["البنك المركزي", "أسعار الفائدة"]
    assert article["date"] == "2025-09-18"
    assert qari.json("list", "--search", "البورصة") == []  # a related link, not the article


def test_on_a_terminal_fetch_shows_progress_and_a_summary(server: FeedServer, qari: Qari) -> None:
    serve_news(server)
    qari("feeds", "add", server.url("/rss"))
    qari("feeds", "add", server.url("/missing"))
    terminal = Terminal(["fetch", "--store", str(qari.store)], child_env(qari.home))
    assert terminal.finish() == 1
    screen = terminal.text()
    assert "fetched 1 of 2 feeds: 3 new articles, 0 updated" in screen
    assert "HTTP 404 Not Found" in screen
    assert "warning: " in screen and "unreadable date" in screen
    assert "fetching" in terminal.raw.decode(errors="replace")


def test_an_article_a_file_holds_too_stays_when_its_feed_goes(
    server: FeedServer, qari: Qari, tmp_path: Path
) -> None:
    server.routes["/rss"] = Route(fixture_bytes("rss.xml"))
    saved = tmp_path / "saved.jsonl"
    record = {
        "title": "هطول أمطار غزيرة على الساحل",
        "body": "شهدت المدن الساحلية أمطارا غزيرة منذ ساعات الصباح الأولى.",
        "url": "http://news.example/rain",
    }
    saved.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert qari("import", str(saved)).returncode == 0
    qari("feeds", "add", server.url("/rss"))
    assert qari("fetch").returncode == 0
    assert len(qari.json("list")) == 3  # the file's article and the feed's item are one
    assert qari("feeds", "remove", server.url("/rss")).returncode == 0
    assert [a["url"] for a in qari.json("list")] == ["http://news.example/rain"]

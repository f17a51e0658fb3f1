"""Tests for the `qari` command: in-process through main(), and as the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui import __version__
from tui.arguments import build_parser
from tui.cli import _join_dashed_values, main, opens_the_reader, reader_arguments
from tui.store.db import Store

SUMMARY = r"imported \d+, updated \d+, unchanged \d+, removed \d+, rejected \d+"
# Shaped text is a display artifact: piped output must hold none of these.
PRESENTATION_FORMS = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def _has_presentation_forms(text: str) -> bool:
    return any(lo <= ord(c) <= hi for c in text for lo, hi in PRESENTATION_FORMS)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def news(tmp_path: Path, example_page: Path, fixtures_dir: Path) -> Path:
    """A folder of good files only."""
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(example_page, folder / "example.txt")
    shutil.copytree(fixtures_dir / "pages", folder / "pages")
    return folder


@pytest.fixture
def mixed(
    news: Path,
    fixtures_dir: Path,
    make_page: Callable[..., str],
    write_encoded: Callable[..., Path],
) -> Path:
    """The good files, pages in Windows-1256 and UTF-16, bad files of each kind, and JSON
    files with bad records."""
    for name in ("records.json", "records.jsonl", "empty.txt", "not_article.txt"):
        shutil.copy(fixtures_dir / name, news / name)
    (news / "binary.txt").write_bytes(bytes(range(256)) * 4)
    solar = make_page(
        "تشغيل محطة شمسية جديدة في أسوان",
        "بدأ تشغيل محطة شمسية جديدة في أسوان بقدرة 200 ميغاواط.",
        date="9 آذار 2025",
        keywords="أسوان، الطاقة الشمسية",
    )
    write_encoded(solar, "cp1256", name="news/encodings/solar.txt", crlf=True)
    harvest = make_page(
        "موسم الحصاد يبدأ مبكرا", "بدأ موسم حصاد القمح مبكرا هذا العام.", date="2025-04-22"
    )
    write_encoded(harvest, "utf-16-be-bom", name="news/encodings/harvest.txt")
    return news


@pytest.fixture
def listed(store_path: Path, news: Path) -> Path:
    """A store holding the good files."""
    assert main(["import", "--store", str(store_path), str(news)]) == 0
    return store_path


def _list_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["list", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _last_line(text: str) -> str:
    return text.strip().split("\n")[-1]


# import


def test_import_of_good_files_exits_0_with_a_summary(
    store_path: Path, news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--store", str(store_path), str(news)]) == 0
    out, err = capsys.readouterr()
    assert (
        out.strip()
        == "imported 4, updated 0, unchanged 0, removed 0, rejected 0 (4 of 4 files read)"
    )
    assert err == ""


def test_import_with_rejections_exits_1_names_each_and_keeps_the_rest(
    store_path: Path, mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--store", str(store_path), str(mixed)]) == 1
    out, err = capsys.readouterr()
    assert (
        out.strip()
        == "imported 11, updated 0, unchanged 0, removed 0, rejected 8 (11 of 11 files read)"
    )
    lines = err.strip().split("\n")
    assert sorted(lines) == sorted(
        [
            f"rejected: {mixed / 'binary.txt'}: binary file, not text",
            f"rejected: {mixed / 'empty.txt'}: empty file",
            f"rejected: {mixed / 'not_article.txt'}: not an article: a title line but no body",
            f"rejected: {mixed / 'records.json'}:11: expected an object, found str",
            f"rejected: {mixed / 'records.json'}:12: no 'body'",
            f"rejected: {mixed / 'records.jsonl'}:2: not valid JSON: Invalid control character at",
            f"rejected: {mixed / 'records.jsonl'}:5: expected an object, found list",
            f"rejected: {mixed / 'records.jsonl'}:6: field 'keywords' should be a list of text or text",
        ]
    )
    store = Store(store_path, store_path.with_name("state.sqlite3"))
    assert store.count() == 11 + 5  # and the «read also» copies
    store.close()


def test_importing_twice_changes_nothing(
    store_path: Path, mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", "--store", str(store_path), str(mixed)])
    capsys.readouterr()
    assert main(["import", "--store", str(store_path), str(mixed)]) == 1
    out, err = capsys.readouterr()
    assert (
        out.strip()
        == "imported 0, updated 0, unchanged 11, removed 0, rejected 8 (5 of 11 files read)"
    )
    assert len(err.strip().split("\n")) == 8


def test_import_of_a_missing_path_is_a_usage_error(
    store_path: Path, news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--store", str(store_path), str(news), str(news / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nope.txt" in err
    assert not store_path.exists()


def test_import_without_sources_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import"]) == 2
    err = capsys.readouterr().err
    assert "SOURCE" in err
    assert err.count("\n") == 1


def test_import_never_adds_the_sample(
    example_page: Path, isolated_dirs: SimpleNamespace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(example_page)]) == 0
    store = Store(
        isolated_dirs.data / "qari" / "store.sqlite3",
        isolated_dirs.state / "qari" / "state.sqlite3",
    )
    assert store.count() == 2
    store.close()
    assert len(_list_json(capsys)) == 2  # a default store that is not empty gets no sample


# list


def test_list_json_shape(
    example_tags: list[str], listed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _list_json(capsys, "--store", str(listed))
    assert len(items) == 8
    for item in items:
        assert list(item) == ["id", "title", "date", "source", "keywords", "related", "url"]
        assert isinstance(item["id"], str) and len(item["id"]) == 16
        assert item["date"] is None or isinstance(item["date"], str)
        assert isinstance(item["keywords"], list)
        for link in item["related"]:  # type: ignore[attr-defined]
            assert list(link) == ["id", "title"]
    page = next(i for i in items if str(i["title"]).startswith("«مستقبل وطن»"))
    copy = next(i for i in items if str(i["title"]).startswith("أمين البحوث"))
    assert page["date"] == "2025-05-08"
    assert page["source"] == "الأسبوع"
    assert page["keywords"] == example_tags
    assert page["url"] == ""
    assert page["related"] == [{"id": copy["id"], "title": copy["title"]}]
    assert copy["related"] == [{"id": page["id"], "title": page["title"]}]
    assert (copy["date"], copy["source"], copy["keywords"]) == (None, "", [])


def test_list_is_newest_first_with_unknown_dates_last(
    listed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dates = [i["date"] for i in _list_json(capsys, "--store", str(listed))]
    known = [str(d) for d in dates if d is not None]
    assert known == sorted(known, reverse=True)
    assert dates == known + [None] * (len(dates) - len(known))
    assert known[0] == "2025-05-08"


def test_list_json_url_from_records(
    store_path: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", "--store", str(store_path), str(fixtures_dir / "records.json")])
    items = _list_json(capsys, "--store", str(store_path), "--search", "جسر")
    assert [i["url"] for i in items] == ["https://example.org/bridge"]


def test_list_search(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = _list_json(capsys, "--store", str(listed), "--search", "الحافلات -source:الساحل")
    assert [i["title"] for i in items] == [
        "وزارة النقل تطلق خطة لتوسيع شبكة الحافلات الكهربائية في العاصمة",
        "دراسة جديدة ترصد أثر الحافلات الكهربائية على جودة الهواء",
    ]
    assert _list_json(capsys, "--store", str(listed), "--search", "ماراثون") == []


def test_list_keyword(
    example_tags: list[str], listed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _list_json(capsys, "--store", str(listed), "--keyword", "الاجتماع التنظيمي")
    assert [i["keywords"] for i in items] == [example_tags]
    both = _list_json(
        capsys, "--store", str(listed), "--keyword", "وزارة النقل", "--keyword", "النقل العام"
    )
    assert len(both) == 1
    assert (
        _list_json(capsys, "--store", str(listed), "--keyword", "وزارة النقل", "--keyword", "قنا")
        == []
    )
    assert _list_json(capsys, "--store", str(listed), "--keyword", "النقل") == []


def test_list_limit(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = _list_json(capsys, "--store", str(listed))
    assert _list_json(capsys, "--store", str(listed), "--limit", "3") == everything[:3]
    assert _list_json(capsys, "--store", str(listed), "--limit", "0") == []
    assert _list_json(capsys, "--store", str(listed), "--limit", "999") == everything


def test_plain_list_is_logical_text(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = [i["title"] for i in _list_json(capsys, "--store", str(listed))]
    assert main(["list", "--store", str(listed)]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert [line.split("\t")[2] for line in lines] == titles
    assert lines[0].split("\t")[:2] == ["2025-05-08", "الأسبوع"]
    assert lines[-1].split("\t")[0] == "----------"
    assert not _has_presentation_forms("\n".join(lines))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--search", '"غير مغلق'],
            "qari list: error: bad search at character 1: unterminated quote",
        ),
        (
            ["--search", "اسوان after:2025-13-01"],
            "qari list: error: bad search at character 13: invalid date 2025-13-01",
        ),
        (["--search", "is:maybe"], "qari list: error: bad search at character 4: unknown is:maybe"),
        (["--keyword", "  "], "qari list: error: --keyword needs a keyword"),
        (["--limit", "-1"], "qari list: error: argument --limit: -1 is out of range"),
        (["--limit", "99999999999999999999"], "qari list: error: argument --limit: 9999"),
    ],
)
def test_list_usage_errors_exit_2_with_one_line(
    args: list[str], message: str, listed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["list", "--store", str(listed), *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_a_bad_store_fails_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database " * 100)
    assert main(["list", "--store", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"qari: error: {bad}")
    assert err.count("\n") == 1


def test_first_list_on_the_empty_default_store_imports_the_sample(
    isolated_dirs: SimpleNamespace, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _list_json(capsys)
    assert len(items) >= 30
    assert (isolated_dirs.data / "qari" / "store.sqlite3").is_file()
    assert len({i["source"] for i in items if i["source"]}) >= 5
    assert _list_json(capsys) == items  # the second time, nothing is added


def test_an_explicit_empty_store_gets_no_sample(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store(store_path, store_path.with_name("state.sqlite3")).close()
    assert _list_json(capsys, "--store", str(store_path)) == []


def test_list_on_a_store_that_does_not_exist_says_so(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--store", str(store_path)]) == 2
    assert capsys.readouterr().err.startswith(f"qari: error: no store at {store_path}")
    assert not store_path.exists()


def test_store_may_be_given_before_the_command(
    listed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--store", str(listed), "list", "--json", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"qari {__version__}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["--store", "--search", "--bidi", "--version", "import", "list"]),
        (["import"], ["SOURCE", "--store", "Exit status", "idempotent"]),
        (
            ["list"],
            [
                "--search",
                "--keyword",
                "--limit",
                "--json",
                "#keyword",
                "source:",
                "after:",
                "before:",
                "is:unread",
            ],
        ),
    ],
    ids=["qari", "import", "list"],
)
def test_help_of_every_command(
    args: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--help"]) == 0
    out = capsys.readouterr().out
    for word in expected:
        assert word in out


# the installed console script


@pytest.fixture
def qari() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `qari` script (from the same environment as this Python)."""
    script = shutil.which("qari", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.fail("the qari console script is not installed: pip install -e '.[test]'")

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args], capture_output=True, text=True, timeout=60, input=input, check=False
        )

    return run


def test_script_version(qari: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    done = qari("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"qari {__version__}"


def test_python_dash_m_tui_is_qari() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"qari {__version__}")


def test_script_import_then_list(
    example_tags: list[str],
    qari: Callable[..., subprocess.CompletedProcess[str]],
    store_path: Path,
    mixed: Path,
) -> None:
    done = qari("import", "--store", str(store_path), str(mixed))
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "imported 11, updated 0, unchanged 0, removed 0, rejected 8 (11 of 11 files read)"
    )
    assert f"rejected: {mixed / 'empty.txt'}: empty file" in done.stderr.split("\n")
    assert "Traceback" not in done.stderr

    again = qari("import", "--store", str(store_path), str(mixed / "pages"))
    assert (again.returncode, again.stdout.strip()) == (
        0,
        "imported 0, updated 0, unchanged 3, removed 0, rejected 0 (0 of 3 files read)",
    )

    listed = qari("list", "--store", str(store_path), "--json", "--search", "اسوان")
    assert listed.returncode == 0
    assert [(i["date"], i["keywords"]) for i in json.loads(listed.stdout)] == [
        ("2025-03-09", ["أسوان", "الطاقة الشمسية"])  # from the Windows-1256 page
    ]
    listed = qari("list", "--store", str(store_path), "--json", "--search", "قنا")
    assert [i["keywords"] for i in json.loads(listed.stdout)] == [example_tags]


def test_script_piped_list_is_logical_text(
    qari: Callable[..., subprocess.CompletedProcess[str]], store_path: Path, news: Path
) -> None:
    qari("import", "--store", str(store_path), str(news))
    done = qari("list", "--store", str(store_path))
    assert done.returncode == 0
    assert "«مستقبل وطن» بقنا يضع خطة طموحة" in done.stdout
    assert not _has_presentation_forms(done.stdout)


def test_script_usage_error(
    qari: Callable[..., subprocess.CompletedProcess[str]], store_path: Path
) -> None:
    done = qari("list", "--store", str(store_path), "--search", "before:")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("qari list: error: bad search")


def test_script_default_store_gets_the_sample_on_first_list(
    qari: Callable[..., subprocess.CompletedProcess[str]], isolated_dirs: SimpleNamespace
) -> None:
    done = qari("list", "--json")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) >= 30
    assert (isolated_dirs.data / "qari" / "store.sqlite3").is_file()


def test_script_output_cut_short_by_the_reader_is_no_error(
    qari: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path: Path,
    write_jsonl: Callable[[Path, Sequence[object]], Path],
) -> None:
    records = [
        {"title": f"خبر رقم {n} عن المدينة", "body": f"نص الخبر رقم {n} " * 20} for n in range(3000)
    ]
    store = str(tmp_path / "big.sqlite3")
    assert (
        qari(
            "import", "--store", store, str(write_jsonl(tmp_path / "src" / "big.jsonl", records))
        ).returncode
        == 0
    )
    script = shutil.which("qari", path=str(Path(sys.executable).parent))
    assert script is not None
    with subprocess.Popen(
        [script, "list", "--store", store], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(100)
        process.stdout.close()
        err = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err


@pytest.mark.parametrize(
    ("argv", "reader_only"),
    [
        ([], True),
        (["--store", "s.sqlite3", "--bidi", "app", "--no-harakat"], True),
        (["--store", "list"], True),  # the store's name, not the command
        (["--search=-sport", "--lang=en", "--debug"], True),
        (["list"], False),
        (["--store", "s.sqlite3", "feeds", "list"], False),
        (["--help"], False),
        (["-h"], False),
        (["--he"], False),  # an abbreviation argparse expands: the whole parser decides
        (["--sto", "s.sqlite3"], False),
        (["-"], False),
    ],
)
def test_only_the_reader_options_skip_the_command_parsers(
    argv: list[str], reader_only: bool
) -> None:
    assert opens_the_reader(argv) is reader_only


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--store", "s.sqlite3", "--bidi", "app", "--no-harakat"],
        ["--store=s.sqlite3", "--bidi=terminal", "--lang", "en", "--debug"],
        ["--search", "-sport", "--lang=ar", "--search", "كرة"],  # the last one counts
        ["--search=", "--store", "list"],
        ["--store", ""],
        ["--bidi", "terminal", "--bidi", "auto"],
    ],
)
def test_the_reader_options_read_without_argparse_as_argparse_reads_them(
    argv: list[str],
) -> None:
    words = _join_dashed_values(argv)
    parsed = vars(build_parser(commands=False).parse_args(words))
    parsed.setdefault("store", None)
    parsed.setdefault("debug", False)
    quick = reader_arguments(words)
    assert quick is not None
    assert vars(quick) == parsed


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["--bidi", "nosuch"],
        ["--lang"],
        ["--store"],
        ["--store", "--debug"],
        ["--no-harakat=yes"],
        ["--sto", "s.sqlite3"],
        ["list"],
        ["--", "--store", "s"],
    ],
)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert reader_arguments(_join_dashed_values(argv)) is None


def test_an_abbreviated_option_and_a_bad_command_still_get_the_whole_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--he"]) == 0
    assert "feeds" in capsys.readouterr().out
    assert main(["nosuchcommand"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_opening_an_older_store_says_it_is_upgrading_it_first(
    qari: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """A big store takes a minute or more to upgrade: before that wait, one line says why."""
    from support import back_to_previous_schema

    from tui.store.schema import SCHEMA_VERSION

    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps({"title": "خبر عن أسوان", "body": ["نص الخبر"]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "store.sqlite3"
    made = qari("import", "--store", str(store), str(source))
    assert made.returncode == 0
    assert "upgrading" not in made.stderr  # a new store is made, not upgraded
    # Back to the schema before this one, as an older qari left it.
    back_to_previous_schema(store)
    first = qari("list", "--store", str(store))
    assert first.returncode == 0
    said = (
        f"qari: upgrading {store} from schema {SCHEMA_VERSION - 1} to {SCHEMA_VERSION};"
        " a big store takes a minute or more …"
    )
    assert first.stderr.splitlines() == [said]
    assert "أسوان" in first.stdout
    again = qari("list", "--store", str(store))
    assert (again.returncode, again.stderr) == (0, "")

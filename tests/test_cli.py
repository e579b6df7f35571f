"""The command line as a user runs it: JSON outputs, errors naming the input, exit codes."""

import json

import pytest
from typer.testing import CliRunner

from stancewatch.cli import app, exit_code, main
from tests.conftest import DEMO, DEMO_ARTICLES, ROOT, SEEDS

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_claims_jsonl_gives_one_line_per_file_with_the_claim_fields(home):
    files = DEMO_ARTICLES[:5]
    result = invoke("claims", *files, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == [f.stem for f in files]
    claims = [c for r in rows for c in r["claims"]]
    assert claims, "the demo articles hold claims"
    for claim in claims:
        assert set(claim) == {"actor", "issue", "stance", "modality", "sentence", "confidence"}
        assert claim["modality"] in {"asserted", "hypothetical", "question"} and 0 <= claim["confidence"] <= 1


def test_claims_reads_an_html_page_too(home, tmp_path):
    page = tmp_path / "page.html"
    text = (DEMO / "demo-01.txt").read_text().split("\n\n", 1)[1]
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    page.write_text(f"<html lang='en'><body><nav>Home</nav><article><h1>Talks</h1>{paragraphs}</article></body></html>")
    result = invoke("claims", page, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["claims"]


def test_baseline_then_positions_and_alerts_json(home):
    assert invoke("baseline", "load", SEEDS).exit_code == 0
    again = invoke("baseline", "load", SEEDS)
    assert "0 articles loaded, 5 already stored" in again.output
    positions = json.loads(invoke("positions", "--format", "json").output)
    assert positions and {"actor", "issue", "stance", "since", "evidence", "article_url"} <= set(positions[0])
    assert all(p["origin"] == "baseline" for p in positions)
    assert json.loads(invoke("alerts", "list", "--format", "json").output) == []


def test_missing_article_file_is_one_clear_line(home, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["stancewatch", "claims", str(tmp_path / "nope.txt")])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert f"{tmp_path / 'nope.txt'}: cannot read" in capsys.readouterr().err


def test_a_missing_file_does_not_cost_the_good_files_their_claims(home, tmp_path, capsys, monkeypatch):
    good = DEMO_ARTICLES[0]
    monkeypatch.setattr("sys.argv", ["stancewatch", "claims", str(good), str(tmp_path / "nope.txt"), "--format", "jsonl"])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    assert exited.value.code == 1
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == [good.stem]
    assert f"{tmp_path / 'nope.txt'}: cannot read" in captured.err


def test_malformed_article_file_names_the_file_and_the_problem(home, tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.txt"
    bad.write_text("url: x\ndate: 31.12.2025\n\nText.")
    monkeypatch.setattr("sys.argv", ["stancewatch", "baseline", "load", str(tmp_path)])
    with pytest.raises(SystemExit):
        main()
    assert "bad.txt: date '31.12.2025' is not YYYY-MM-DD" in capsys.readouterr().err


def test_bad_lexicon_folder_is_refused_with_file_and_entry(home, capsys, monkeypatch):
    bad = ROOT / "tests" / "data" / "lexicon_bad"
    folder = next(p for p in sorted(bad.iterdir()) if p.is_dir())
    monkeypatch.setattr("sys.argv", ["stancewatch", "lexicon", "check", str(folder)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert str(folder.name) in capsys.readouterr().err


def test_unknown_feed_name_lists_the_known_ones(home, capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["stancewatch", "run", "--feed", "no-such-feed"])
    with pytest.raises(SystemExit):
        main()
    err = capsys.readouterr().err
    assert "no-such-feed" in err and "tagesschau" in err


def test_invalid_setting_names_the_variable(home, capsys, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_BATCH_SIZE", "zero")
    monkeypatch.setattr("sys.argv", ["stancewatch", "positions"])
    with pytest.raises(SystemExit):
        main()
    assert "STANCEWATCH_BATCH_SIZE" in capsys.readouterr().err


def test_exit_codes_tell_partial_from_total_failure():
    assert (exit_code(0, 10), exit_code(3, 10), exit_code(10, 10)) == (0, 1, 2)


def _one_line_error(monkeypatch, capsys, *argv):
    """Run the CLI as a user does; return (exit code, stderr)."""
    monkeypatch.setattr("sys.argv", ["stancewatch", *map(str, argv)])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(("url", "expected"), [
    ("foo://bar", "unknown database kind 'foo'"),
    ("not-a-url", "is not a database URL"),
    ("mysql://editor:s3cret@127.0.0.1/db", "needs the Python driver"),
])
def test_unusable_database_url_is_one_line_without_the_password(home, capsys, monkeypatch, url, expected):
    monkeypatch.setenv("STANCEWATCH_DATABASE_URL", url)
    code, err = _one_line_error(monkeypatch, capsys, "positions")
    assert code == 2
    assert "STANCEWATCH_DATABASE_URL" in err and expected in err and "Traceback" not in err
    assert "s3cret" not in err and len(err.strip().splitlines()) == 1


def test_home_that_is_a_file_is_refused(home, tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    monkeypatch.setenv("STANCEWATCH_HOME", str(a_file))
    code, err = _one_line_error(monkeypatch, capsys, "alerts", "list")
    assert code == 2 and "STANCEWATCH_HOME" in err and "is a file, not a folder" in err
    assert a_file.read_text() == "x"


@pytest.mark.parametrize(("argv", "expected"), [
    (("positions", "--actor", "russland"), "actor 'russland' is not in the watchlist"),
    (("positions", "--issue", "donbas"), "issue 'donbas' is not in the watchlist"),
    (("alerts", "list", "--actor", "xyz"), "actor 'xyz' is not in the watchlist"),
    (("alerts", "list", "--status", "bogus"), "status 'bogus' is not one of open, acked, confirmed, dismissed"),
])
def test_unknown_names_in_filters_are_refused_not_an_empty_table(home, capsys, monkeypatch, argv, expected):
    code, err = _one_line_error(monkeypatch, capsys, *argv)
    assert code == 2 and expected in err


def test_empty_positions_say_how_to_fill_them(home):
    result = runner.invoke(app, ["positions"])
    assert result.exit_code == 0 and "stancewatch baseline load" in result.output


def test_report_into_a_folder_is_refused_before_drawing(home, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    code, err = _one_line_error(monkeypatch, capsys, "report", "--out", folder)
    assert code == 2 and "is a folder" in err and list(folder.iterdir()) == []


def test_report_to_an_unwritable_place_is_one_line(home, tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the report's folder would have to be
    code, err = _one_line_error(monkeypatch, capsys, "report", "--out", blocker / "r.html")
    assert code == 2 and "cannot write the report" in err and "Traceback" not in err


def test_feed_url_that_is_no_url_is_one_line(home, capsys, monkeypatch):
    code, err = _one_line_error(monkeypatch, capsys, "run", "--feed-url", "notaurl")
    assert code == 2 and "--feed-url 'notaurl' is not an http(s) URL" in err and len(err.strip().splitlines()) == 1


def test_version_and_short_help_on_every_command(home):
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("stancewatch ")
    for argv in (["-h"], ["alerts", "list", "-h"], ["positions", "history", "-h"]):
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, argv
        assert "Usage:" in result.stdout, argv
    # options are named by what they take, flags by nothing: no Python type names
    for argv, shown in ((["run", "-h"], "--feed NAME"), (["report", "-h"], "--since YYYY-MM-DD"),
                        (["alerts", "list", "-h"], "--format table|json|jsonl")):
        result = runner.invoke(app, argv)
        assert shown in result.stdout and "<str>" not in result.stdout and "<bool>" not in result.stdout, argv


def test_tables_keep_ids_and_whole_values_and_drop_columns_from_the_right():
    from stancewatch.cli import fit_columns as _fit_columns

    columns = ["id", "actor", "issue", "from", "to", "severity", "date", "status", "sources", "evidence"]
    rows = [{"id": 1017, "actor": "ukraine", "issue": "security_guarantees", "from": "oppose", "to": "support",
             "severity": "normal", "date": "2025-12-15*", "status": "confirmed", "sources": "2/3 ✓",
             "evidence": "Kyiv says it wants binding guarantees before any deal is signed " * 3}]
    for room in range(40, 201):
        shown, widths = _fit_columns(columns, rows, room)
        assert shown == columns[:len(shown)] and shown[0] == "id"
        assert sum(widths) + 3 * (len(shown) - 1) + 2 <= room
        # every value but the prose is shown whole, also in the last column shown
        for column, width in zip(shown, widths):
            if column != "evidence":
                assert width >= len(str(rows[0][column])), (room, column)
    assert _fit_columns(columns, rows, 200)[0] == columns  # wide enough: all, the evidence cut to fit


def test_feeds_file_and_lexicon_that_are_not_utf8_are_one_line(home, tmp_path, capsys, monkeypatch):
    """Latin-1 bytes in a feeds file or an editor's lexicon file: the file named with what to do, no
    traceback (issue 18)."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_bytes("feeds:\n  - {name: zeitung-süd, url: 'https://example.org/feed'}\n".encode("latin-1"))
    monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
    code, err = _one_line_error(monkeypatch, capsys, "run")
    assert code == 2 and "feeds.yaml" in err and "UTF-8" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.delenv("STANCEWATCH_FEEDS_FILE")
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "actors.yaml").write_bytes("actors:\n  - id: russia\n    aliases: {de: [Kreml-Führung, Moskaus Führung, Rußland]}\n".encode("latin-1"))
    monkeypatch.setenv("STANCEWATCH_LEXICON_DIR", str(lexicon))
    code, err = _one_line_error(monkeypatch, capsys, "run")  # checked before the run starts (exit 1: bad data)
    assert code == 1 and "actors.yaml: not UTF-8 text" in err and "save the file as UTF-8" in err
    assert "Traceback" not in err and "UnicodeDecodeError" not in err

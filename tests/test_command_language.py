"""The Django management commands behind `shuhi` speak the language the engine commands speak:
SHUHI_LANG, then the locale, with C/POSIX or nothing meaning Japanese (shuhi.i18n)."""

from __future__ import annotations

import pytest
from django.utils import translation

from shuhi.cli import main
from shuhi.i18n import display_width


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # A command run through `shuhi` closes every database connection when it ends (Django's
    # run_from_argv); on PostgreSQL that would close the test's own transaction under it.
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def joined(text: str) -> str:
    """Japanese as a reader sees it: help wraps anywhere inside it, so the line breaks are not part of a phrase."""
    return "".join(text.split())


def test_command_help_is_japanese_by_default_and_english_on_request(speak, capsys):
    speak(LANG="C")
    code, japanese, _ = run(capsys, "reminders", "--help")
    assert code == 0
    assert "リマインダーを記録します。" in joined(japanese) and "今日をこの日付とみなす" in joined(japanese)
    speak(SHUHI_LANG="en")
    code, english, _ = run(capsys, "reminders", "--help")
    assert code == 0
    assert "Record reminders for assessments" in english and "pretend today is this date" in english


def test_an_english_locale_gets_english_help(speak, capsys):
    speak(LANG="en_US.UTF-8")
    assert "Audit log tools." in run(capsys, "audit", "--help")[1]


def test_sub_command_help_is_translated_and_wrapped_by_terminal_columns(speak, capsys, monkeypatch):
    speak(LANG="C")
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, "ledger", "--help")
    assert code == 0
    assert "台帳ファイルをインポートする。" in joined(out)
    assert all(display_width(line) <= 60 for line in out.splitlines())
    code, out, _ = run(capsys, "ledger", "import", "--help")
    assert code == 0
    assert "何も書き込まない" in joined(out) and "組織名（既定は委託元（自社））" in joined(out)


@pytest.mark.django_db
def test_an_error_is_reported_in_japanese_by_default_and_in_english_on_request(speak, capsys):
    speak(LANG="C")
    code, _, err = run(capsys, "createtoken", "nobody@example.jp")
    assert code == 1
    assert "nobody@example.jp という有効なユーザーはいません。" in err
    speak(SHUHI_LANG="en")
    code, _, err = run(capsys, "createtoken", "nobody@example.jp")
    assert code == 1
    assert "No active user nobody@example.jp." in err


@pytest.mark.django_db
def test_the_framework_list_is_the_same_in_both_languages_but_its_errors_are_not(speak, capsys):
    speak(LANG="C")
    japanese = run(capsys, "frameworks", "list")
    missing_ja = run(capsys, "frameworks", "export", "no-such-framework", "-")
    speak(SHUHI_LANG="en")
    english = run(capsys, "frameworks", "list")
    missing_en = run(capsys, "frameworks", "export", "no-such-framework", "-")
    assert japanese == english and "shuhi-supplier-2024" in english[1].split()
    assert missing_ja[0] == missing_en[0] == 1
    assert "「no-such-framework」という評価フレームワークはありません" in missing_ja[2]
    assert "There is no framework named “no-such-framework”" in missing_en[2]


@pytest.mark.django_db
def test_the_reminder_count_is_for_people_and_follows_the_language(speak, capsys):
    speak()
    assert run(capsys, "reminders") == (0, "", "リマインダーを0件記録しました。\n")
    speak(SHUHI_LANG="en")
    assert run(capsys, "reminders") == (0, "", "0 reminders recorded.\n")
    assert "Not a date (YYYY-MM-DD): 1.2.2020" in run(capsys, "reminders", "--date", "1.2.2020")[2]


def test_the_caller_gets_its_own_language_back(speak, capsys):
    speak(SHUHI_LANG="en")
    with translation.override("ja"):
        run(capsys, "reminders", "--help")
        assert translation.get_language() == "ja"

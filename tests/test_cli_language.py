"""How the engine command-line tools choose their language (shuhi.i18n), and the top-level `shuhi` help."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from shuhi import i18n
from shuhi.cli import main


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("ja", "ja"), ("ja_JP.UTF-8", "ja"), ("ja_JP.eucJP", "ja"), ("ja:en", "ja"), ("JA-jp", "ja"),
        ("en", "en"), ("en_US.UTF-8", "en"), ("en_GB:ja", "en"), ("de_DE.UTF-8", "en"),
        ("C", "ja"), ("C.UTF-8", "ja"), ("POSIX", "ja"),
    ],
)
def test_a_locale_value_maps_to_japanese_or_english(value, language):
    assert i18n.language_of(value) == language


def test_with_no_locale_at_all_it_speaks_japanese(speak):
    speak()
    assert i18n.language() == "ja"


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({"SHUHI_LANG": "en", "LANGUAGE": "ja", "LC_ALL": "ja_JP.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"SHUHI_LANG": "ja", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANGUAGE": "en", "LC_ALL": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"SHUHI_LANG": "", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_the_first_locale_variable_that_is_set_decides(speak, env, language):
    speak(**env)
    assert i18n.language() == language


def test_a_message_not_in_the_catalogue_is_shown_as_written(speak):
    speak(SHUHI_LANG="ja")
    assert i18n.gettext("a message nobody translated") == "a message nobody translated"
    assert i18n.gettext("periodic review of access logs") == "アクセスログの定期レビュー"


def test_the_top_level_help_is_japanese_by_default_and_english_on_request(speak, capsys):
    speak(LANG="C")
    assert main(["--help"]) == 0
    japanese = capsys.readouterr().out
    speak(SHUHI_LANG="en")
    assert main(["--help"]) == 0
    english = capsys.readouterr().out
    assert "コマンド:" in japanese and "アクセスログの定期レビュー" in japanese
    assert "Commands:" in english and "periodic review of access logs" in english
    command_column = [line.split()[0] for line in english.splitlines() if line.startswith("  ")]
    assert command_column == [line.split()[0] for line in japanese.splitlines() if line.startswith("  ")]


def test_an_unknown_command_is_reported_in_japanese(speak, capsys):
    speak(SHUHI_LANG="ja")
    assert main(["frobnicate"]) == 2
    assert "shuhi: 不明なコマンドです: 'frobnicate'" in capsys.readouterr().err


def test_japanese_help_is_wrapped_by_terminal_columns_not_characters():
    lines = i18n.wrap("既定のコンテキスト（ドメイン、キーワード、保管場所、人）に上書きで重ねるYAML", 40)
    assert all(i18n.display_width(line) <= 40 for line in lines)
    assert len(lines) == 2
    assert not any(line.startswith(("、", "）")) or line.endswith("（") for line in lines), "kinsoku"
    assert i18n.wrap("Microsoftの秘密度ラベル", 12) == ["Microsoftの", "秘密度ラベル"], "English words stay whole"


def test_the_engine_commands_still_start_without_django():
    code = "import sys; from shuhi.cli import main; main(['scan', '--help']); main(['logreview']); " \
           "sys.exit('django' in sys.modules)"
    env = {**os.environ, "SHUHI_LANG": "ja", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "スキャンするファイル" in result.stdout


def _exit_code(argv: list[str]) -> int:
    """`shuhi …` as the shell runs it: some commands return their code, argparse exits with it."""
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


@pytest.mark.parametrize("command", [["scan"], ["stamp"], ["trace"], ["logreview", "run"]])
def test_the_engine_commands_help_has_no_english_headings_in_japanese(speak, capsys, command):
    speak(SHUHI_LANG="ja")
    assert _exit_code([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: shuhi ")
    assert "このヘルプを表示して終了します" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


def test_a_missing_argument_is_reported_in_japanese(speak, capsys):
    speak(SHUHI_LANG="ja")
    assert _exit_code(["stamp"]) == 2
    assert "エラー: 次の引数が必要です" in capsys.readouterr().err


def test_argparse_stays_english_for_an_english_reader(speak, capsys):
    speak(SHUHI_LANG="en")
    assert _exit_code(["scan", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: shuhi scan")

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from shuhi.cli import DJANGO_COMMANDS, main

COMMANDS = ["migrate", "demo", "audit", "serve", "createadmin", "createtoken", "worker"]


def run(args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "shuhi.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def test_the_top_level_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("migrate", "demo", "audit verify", "serve", "createadmin", "scan", "logreview"):
        assert command in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run([command, "--help"])
    assert result.returncode == 0, result.stderr
    # In the reader's language, argparse's words included (tests/test_cli_language.py).
    assert "usage" in result.stdout.lower() or "使い方" in result.stdout


def test_an_unknown_command_exits_2_with_usage(capsys, monkeypatch):
    monkeypatch.setenv("SHUHI_LANG", "en")
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_the_commands_we_wrap_are_known():
    assert set(COMMANDS) <= DJANGO_COMMANDS


def test_createadmin_and_createtoken_work_without_prompts(tmp_path):
    env = {"SHUHI_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    assert run(["migrate", "-v0"], env).returncode == 0
    created = run(["createadmin", "--email", "boss@example.jp", "--name", "社長", "--organisation", "テスト株式会社",
                   "--password", "a-long-admin-passphrase-1"], env)
    assert created.returncode == 0, created.stderr
    token = run(["createtoken", "boss@example.jp"], env)
    assert token.returncode == 0
    assert len(token.stdout.strip()) >= 40
    weak = run(["createadmin", "--email", "x@example.jp", "--name", "x", "--password", "123"], env)
    assert weak.returncode != 0
    assert "password" in (weak.stderr + weak.stdout).lower() or "パスワード" in weak.stderr
    verify = run(["audit", "verify"], env)
    assert verify.returncode == 0

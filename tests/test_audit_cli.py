"""`shuhi audit verify` on a real demo database file, tampered with directly in SQLite."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def shuhi(args, data_dir: Path, db: Path) -> subprocess.CompletedProcess:
    # The command speaks the language of the locale; the assertions below read its Japanese.
    env = {**os.environ, "SHUHI_DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite:///{db}", "SHUHI_LANG": "ja"}
    return subprocess.run([sys.executable, "-m", "shuhi.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    db = data / "demo.sqlite3"
    assert shuhi(["migrate", "-v0"], data, db).returncode == 0
    loaded = shuhi(["demo", "--quiet"], data, db)
    assert loaded.returncode == 0, loaded.stderr
    return data, db


@pytest.fixture
def copy(demo_db, tmp_path):
    data, db = demo_db
    target = tmp_path / "copy.sqlite3"
    shutil.copy(db, target)
    return data, target


def sql(db: Path, statement: str, params=()) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(statement, params)


def test_verify_passes_on_a_fresh_demo_database(copy):
    result = shuhi(["audit", "verify"], *copy)
    assert result.returncode == 0, result.stderr
    assert "監査チェーンに改ざんはありません" in result.stdout


@pytest.mark.parametrize(
    ("tamper", "entry"),
    [
        ("UPDATE audit_auditentry SET object_repr = 'x' WHERE id = 10", 10),
        ("DELETE FROM audit_auditentry WHERE id = 10", 11),
        ("UPDATE audit_auditentry SET prev_hash = hash WHERE id = 10", 10),
    ],
    ids=["edit", "delete", "relink"],
)
def test_verify_fails_naming_the_entry_after_tampering(copy, tamper, entry):
    data, db = copy
    sql(db, tamper)
    result = shuhi(["audit", "verify"], data, db)
    assert result.returncode != 0
    assert f"#{entry}" in result.stderr


def test_verify_fails_after_reordering(copy):
    data, db = copy
    sql(db, "UPDATE audit_auditentry SET id = -1 WHERE id = 5")
    sql(db, "UPDATE audit_auditentry SET id = 5 WHERE id = 6")
    sql(db, "UPDATE audit_auditentry SET id = 6 WHERE id = -1")
    result = shuhi(["audit", "verify"], data, db)
    assert result.returncode != 0
    assert "#5" in result.stderr


def test_verify_fails_after_an_insertion(copy):
    data, db = copy
    sql(db, "UPDATE audit_auditentry SET id = id + 1000 WHERE id >= 20")
    sql(db, "INSERT INTO audit_auditentry (id, created_at, actor_label, action, object_type, object_id, "
            "object_repr, source, prev_hash, hash) SELECT 20, created_at, 'mallory', 'x', 'y', '1', 'z', 'cli', "
            "hash, 'f' FROM audit_auditentry WHERE id = 19")
    result = shuhi(["audit", "verify"], data, db)
    assert result.returncode != 0
    assert "#20" in result.stderr


def test_verify_fails_after_the_newest_entries_are_cut_off_and_the_head_moved_back(copy):
    data, db = copy
    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT max(id) FROM audit_auditentry").fetchone()[0]
        new_last, new_hash = conn.execute("SELECT id, hash FROM audit_auditentry WHERE id = ?", [last - 3]).fetchone()
        conn.execute("DELETE FROM audit_auditentry WHERE id > ?", [new_last])
        conn.execute("UPDATE audit_auditchainhead SET last_id = ?, last_hash = ?", [new_last, new_hash])
    result = shuhi(["audit", "verify"], data, db)
    assert result.returncode != 0
    assert "署名" in result.stderr


def test_verify_against_an_anchor_fails_after_the_whole_log_is_deleted(copy, tmp_path):
    data, db = copy
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    written = shuhi(["audit", "anchor", "--out", str(anchors)], data, db)
    assert written.returncode == 0, written.stderr
    assert shuhi(["audit", "verify", "--anchor", str(anchors)], data, db).returncode == 0
    sql(db, "DELETE FROM audit_auditentry")
    sql(db, "DELETE FROM audit_auditchainhead")
    result = shuhi(["audit", "verify", "--anchor", str(anchors)], data, db)
    assert result.returncode != 0
    assert "#1" in result.stderr

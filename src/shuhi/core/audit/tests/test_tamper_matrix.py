"""Every way of tampering with the audit log that docs/audit.md promises to catch, caught by `shuhi audit verify`.

The tampering is done in plain SQL, as someone with write access to the database but not the audit key
would do it. The command runs in-process through call_command, so the same tests run on SQLite and on
PostgreSQL; a CommandError is what `shuhi` turns into its exit status.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shuhi.core.audit.models import AuditEntry
from shuhi.core.audit.services import AuditChainError, audit_record
from shuhi.core.audit.testing import raw, write_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cast):
    """The cast's own entries (organisations, users...) and ten more."""
    return write_chain(cast.admin, 10)


def verify(*args: str) -> int:
    """`shuhi audit verify` as the command line runs it: its exit status."""
    try:
        call_command("audit", "verify", *args)
    except CommandError as failure:
        return failure.returncode
    return 0


def anchor(path) -> None:
    call_command("audit", "anchor", "--out", str(path))


def edit_an_entry(chain):
    raw("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["書き換え", chain[-5].pk])


def delete_in_the_middle(chain):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[-5].pk])


def delete_the_tail(chain):
    raw("DELETE FROM audit_auditentry WHERE id > %s", [chain[-4].pk])


def delete_the_tail_and_move_the_head(chain):
    delete_the_tail(chain)
    raw("UPDATE audit_auditchainhead SET last_id = %s, last_hash = %s", [chain[-4].pk, chain[-4].hash])


def delete_the_head(chain):
    raw("DELETE FROM audit_auditchainhead")


def delete_the_tail_and_the_head(chain):
    delete_the_tail(chain)
    delete_the_head(chain)


def delete_everything(chain):
    raw("DELETE FROM audit_auditentry")
    delete_the_head(chain)


def reorder(chain):
    first, second = chain[-5], chain[-4]
    raw("UPDATE audit_auditentry SET id = -1 WHERE id = %s", [first.pk])
    raw("UPDATE audit_auditentry SET id = %s WHERE id = %s", [first.pk, second.pk])
    raw("UPDATE audit_auditentry SET id = %s WHERE id = -1", [second.pk])


def insert(chain):
    at = chain[-5]
    raw("UPDATE audit_auditentry SET id = id + 1000 WHERE id >= %s", [at.pk])
    raw("UPDATE audit_auditentry SET id = id - 999 WHERE id >= %s", [at.pk + 1000])
    AuditEntry(pk=at.pk, created_at=at.created_at, actor_label="mallory", action="forged", object_type="test",
               prev_hash=chain[-6].hash, hash="f" * 64).save(force_insert=True)


def rebuild_the_head_as_the_old_writer_did(chain):
    """The head row re-created from the newest remaining entry, keeping the old head's signature."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT signed_at, signature FROM audit_auditchainhead")
        signed_at, signature = cursor.fetchone()
    delete_the_tail_and_the_head(chain)
    raw("INSERT INTO audit_auditchainhead (id, last_id, last_hash, signed_at, signature) VALUES (1, %s, %s, %s, %s)",
        [chain[-4].pk, chain[-4].hash, signed_at, signature])


TAMPERING = [edit_an_entry, delete_in_the_middle, delete_the_tail, delete_the_tail_and_move_the_head,
             delete_the_head, delete_the_tail_and_the_head, delete_everything, reorder, insert,
             rebuild_the_head_as_the_old_writer_did]


def test_an_untouched_chain_verifies_with_exit_status_zero(chain, tmp_path):
    anchor(tmp_path / "anchor.json")
    audit_record(actor="test", action="test.write", object_type="test", object_id="after")
    assert verify() == 0
    assert verify("--anchor", str(tmp_path / "anchor.json")) == 0


@pytest.mark.parametrize("tamper", TAMPERING, ids=[t.__name__ for t in TAMPERING])
def test_verify_exits_non_zero_after_tampering(chain, tamper):
    tamper(chain)
    assert verify() != 0


@pytest.mark.parametrize("tamper", TAMPERING, ids=[t.__name__ for t in TAMPERING])
def test_verify_against_an_anchor_exits_non_zero_after_tampering(chain, tamper, tmp_path):
    anchor(tmp_path / "anchor.json")
    tamper(chain)
    assert verify("--anchor", str(tmp_path / "anchor.json")) != 0


@pytest.mark.parametrize("tamper", [delete_the_tail_and_the_head, delete_the_head, delete_everything,
                                    rebuild_the_head_as_the_old_writer_did])
def test_the_app_refuses_to_write_rather_than_rebuild_the_head(chain, tamper):
    tamper(chain)
    with pytest.raises(AuditChainError):
        audit_record(actor="test", action="test.write", object_type="test", object_id="next")
    assert verify() != 0


def test_a_head_rebuilt_by_the_app_after_the_tail_was_deleted_is_caught(chain):
    """What the probe did: delete the tail and the head, then let the app write one entry."""
    delete_the_tail_and_the_head(chain)
    # Whether the app refuses (it does now) or rebuilds the head (as it once did), verify must fail.
    with contextlib.suppress(AuditChainError):
        audit_record(actor="test", action="test.write", object_type="test", object_id="next")
    assert verify() != 0


def test_an_empty_log_with_no_anchor_is_caught_when_the_database_holds_data(chain):
    # Every organisation is created through a service that records it: a log without those entries lost them.
    delete_everything(chain)
    assert verify() != 0


def test_an_empty_log_is_caught_by_an_anchor_even_in_an_otherwise_empty_database(db, tmp_path):
    for index in range(3):
        audit_record(actor="test", action="test.write", object_type="test", object_id=str(index))
    anchor(tmp_path / "anchor.json")
    delete_everything([])
    assert verify("--anchor", str(tmp_path / "anchor.json")) != 0

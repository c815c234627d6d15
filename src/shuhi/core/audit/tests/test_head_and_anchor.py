"""The signed chain head and the anchors kept outside the database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shuhi.core.audit.chain import anchor_signature, head_signature
from shuhi.core.audit.models import AuditChainHead, AuditEntry
from shuhi.core.audit.services import AuditChainError, audit_record, audit_record_many
from shuhi.core.audit.testing import raw, write_chain
from shuhi.core.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cast):
    return write_chain(cast.admin, 6)


def run(*args: str) -> tuple[int, str]:
    """A `shuhi audit ...` command in English: its exit status and its message."""
    try:
        with translation.override("en"):
            call_command("audit", *args)
    except CommandError as failure:
        return failure.returncode, str(failure)
    return 0, ""


def test_the_head_is_signed_over_the_newest_entry(chain):
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (chain[-1].pk, chain[-1].hash)
    assert head.signature == head_signature(last_id=head.last_id, last_hash=head.last_hash, signed_at=head.signed_at)


def test_bulk_writes_sign_the_head_too(cast):
    audit_record_many(actor=cast.admin, records=[{"action": "bulk", "object_type": "t", "object_id": str(i)}
                                                 for i in range(3)])
    head = AuditChainHead.objects.get()
    assert head.last_id == AuditEntry.objects.latest("id").pk
    assert verify_chain().ok


def test_a_head_moved_without_the_key_is_refused_by_the_writer_and_named_by_verify(chain):
    raw("UPDATE audit_auditchainhead SET last_id = %s, last_hash = %s", [chain[-2].pk, chain[-2].hash])
    with pytest.raises(AuditChainError):
        audit_record(actor="test", action="test.write", object_type="test", object_id="x")
    code, message = run("verify")
    assert code == 1
    assert "signature" in message


def test_a_missing_head_is_named(chain):
    raw("DELETE FROM audit_auditchainhead")
    code, message = run("verify")
    assert code == 1
    assert "head is missing" in message


def test_a_fresh_installation_starts_its_chain(db):
    assert verify_chain().ok
    audit_record(actor="test", action="test.write", object_type="test", object_id="1")
    assert AuditChainHead.objects.get().last_id == 1
    assert verify_chain().checked == 1


def test_the_first_organisation_starts_the_chain_of_a_fresh_installation(cast):
    first = AuditEntry.objects.order_by("id").first()
    assert (first.pk, first.action, first.object_id) == (1, "organisation.create", str(cast.home.pk))
    assert verify_chain().ok


def test_the_anchor_holds_the_newest_entry_signed(chain, tmp_path):
    path = tmp_path / "anchor.json"
    assert run("anchor", "--out", str(path))[0] == 0
    data = json.loads(path.read_text())
    assert (data["last_id"], data["last_hash"]) == (chain[-1].pk, chain[-1].hash)
    assert len(data["signature"]) == 64


def test_an_anchor_into_a_directory_gets_a_file_of_its_own_and_verify_reads_them_all(chain, tmp_path):
    assert run("anchor", "--out", str(tmp_path))[0] == 0
    audit_record(actor="test", action="test.write", object_type="test", object_id="more")
    assert run("anchor", "--out", str(tmp_path))[0] == 0
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert run("verify", "--anchor", str(tmp_path)) == (0, "")
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[-1].pk + 1])
    raw("UPDATE audit_auditchainhead SET last_id = %s, last_hash = %s", [chain[-1].pk, chain[-1].hash])
    assert run("verify", "--anchor", str(tmp_path))[0] == 1


def test_an_anchor_is_not_written_for_a_broken_chain(chain, tmp_path):
    raw("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [chain[2].pk])
    code, _message = run("anchor", "--out", str(tmp_path / "anchor.json"))
    assert code == 1
    assert not (tmp_path / "anchor.json").exists()


def test_an_edited_anchor_is_rejected(chain, tmp_path):
    path = tmp_path / "anchor.json"
    run("anchor", "--out", str(path))
    data = json.loads(path.read_text())
    data["last_id"] -= 1
    path.write_text(json.dumps(data))
    code, message = run("verify", "--anchor", str(path))
    assert code == 1
    assert "signature" in message


def test_an_unreadable_anchor_fails_rather_than_being_skipped(chain, tmp_path):
    path = tmp_path / "anchor.json"
    path.write_text("not json")
    assert run("verify", "--anchor", str(path))[0] == 1
    assert run("verify", "--anchor", str(tmp_path / "missing.json"))[0] == 1


def test_an_empty_anchor_directory_fails_rather_than_checking_nothing(chain, tmp_path):
    assert run("verify", "--anchor", str(tmp_path))[0] == 1


def rollback_to(entry) -> None:
    """Truncate to `entry` and sign the head again, as someone holding the audit key (or an old head row
    from a backup) could."""
    raw("DELETE FROM audit_auditentry WHERE id > %s", [entry.pk])
    head = AuditChainHead.objects.get()
    head.last_id, head.last_hash = entry.pk, entry.hash
    head.signature = head_signature(last_id=entry.pk, last_hash=entry.hash, signed_at=head.signed_at)
    head.save()


def test_truncation_with_the_head_signed_again_is_caught_only_against_an_anchor(chain, tmp_path):
    path = tmp_path / "anchor.json"
    run("anchor", "--out", str(path))
    rollback_to(chain[-3])
    # The limit docs/audit.md states: without the anchor this looks like a shorter, intact chain.
    assert run("verify")[0] == 0
    code, message = run("verify", "--anchor", str(path))
    assert code == 1
    assert f"#{chain[-1].pk}" in message


def test_an_anchor_from_another_installation_is_rejected(chain, tmp_path):
    path = tmp_path / "anchor.json"
    run("anchor", "--out", str(path))
    data = json.loads(path.read_text())
    data["signature"] = anchor_signature(data, key=b"another installation's key")
    path.write_text(json.dumps(data))
    code, message = run("verify", "--anchor", str(path))
    assert code == 1
    assert "another installation" in message


def test_the_anchor_goes_to_standard_output_without_a_file(chain):
    out = io.StringIO()
    call_command("audit", "anchor", stdout=out)
    assert json.loads(out.getvalue())["last_id"] == chain[-1].pk

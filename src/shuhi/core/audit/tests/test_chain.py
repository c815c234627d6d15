from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shuhi.core.audit.models import AuditChainHead, AuditEntry
from shuhi.core.audit.services import audit_record
from shuhi.core.audit.testing import raw, write_chain
from shuhi.core.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cast):
    return write_chain(cast.admin, 5)


def test_an_untouched_chain_verifies(chain):
    result = verify_chain()
    assert result.ok
    assert result.checked == AuditEntry.objects.count()


def test_each_entry_links_to_the_one_before(chain):
    for previous, entry in itertools.pairwise(chain):
        assert entry.prev_hash == previous.hash
        assert entry.pk == previous.pk + 1


def test_it_names_an_edited_entry(chain):
    target = chain[-3]
    raw("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["書き換え", target.pk])
    with translation.override("en"):
        result = verify_chain()
    assert not result.ok
    assert result.bad_entry == target.pk
    assert "changed" in result.reason


def test_it_names_the_entry_after_a_deleted_one(chain):
    target = chain[-3]
    raw("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    result = verify_chain()
    assert not result.ok
    assert result.bad_entry == target.pk + 1


def test_it_notices_when_the_newest_entries_are_deleted(chain):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[-1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.bad_entry == chain[-1].pk


def test_it_notices_an_inserted_entry(chain):
    middle = chain[-2]
    raw("UPDATE audit_auditentry SET id = id + 100 WHERE id >= %s", [middle.pk])
    forged = AuditEntry(
        pk=middle.pk, created_at=middle.created_at, actor_label="x", action="forged", object_type="t",
        prev_hash=chain[-3].hash, hash="f" * 64,
    )
    forged.save(force_insert=True)
    result = verify_chain()
    assert not result.ok
    assert result.bad_entry == middle.pk


def test_it_notices_reordered_entries(chain):
    first, second = chain[-3], chain[-2]
    raw("UPDATE audit_auditentry SET id = -1 WHERE id = %s", [first.pk])
    raw("UPDATE audit_auditentry SET id = %s WHERE id = %s", [first.pk, second.pk])
    raw("UPDATE audit_auditentry SET id = %s WHERE id = -1", [second.pk])
    result = verify_chain()
    assert not result.ok
    assert result.bad_entry == first.pk


def test_a_chain_re_hashed_without_the_key_does_not_verify(chain):
    import hashlib

    target = chain[-1]
    raw("UPDATE audit_auditentry SET hash = %s WHERE id = %s", [hashlib.sha256(b"x").hexdigest(), target.pk])
    raw("UPDATE audit_auditchainhead SET last_hash = %s", [hashlib.sha256(b"x").hexdigest()])
    assert not verify_chain().ok


def test_the_head_records_the_newest_entry(chain):
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_id, head.last_hash) == (chain[-1].pk, chain[-1].hash)


def test_the_command_passes_and_fails_naming_the_entry(chain, capsys):
    call_command("audit", "verify")
    assert str(AuditEntry.objects.count()) in capsys.readouterr().out
    raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["edited", chain[1].pk])
    with pytest.raises(CommandError, match=f"#{chain[1].pk}"):
        call_command("audit", "verify")


def test_services_record_who_changed_what_with_before_and_after(cast):
    from shuhi.core.services import user_update

    user_update(actor=cast.admin, user=cast.employee, role="hr")
    entry = AuditEntry.objects.filter(action="user.update").latest("id")
    assert entry.actor == cast.admin
    assert entry.before["role"] == "employee"
    assert entry.after["role"] == "hr"
    assert entry.object_id == str(cast.employee.pk)
    assert "password" not in entry.after


def test_entries_written_in_bulk_continue_the_same_chain(cast):
    from shuhi.core.audit.services import audit_record_many

    audit_record(actor=cast.admin, action="single", object_type="t", object_id="0")
    written = audit_record_many(actor=cast.admin, records=[
        {"action": "bulk", "object_type": "t", "object_id": str(i), "after": {"i": i}} for i in range(2500)
    ])
    assert written == 2500
    audit_record(actor=cast.admin, action="single", object_type="t", object_id="x")
    assert verify_chain().ok

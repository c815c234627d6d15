"""The certificate of return or destruction of a disclosure."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.disclosures.certificate import render_certificate
from shuhi.disclosures.models import Disclosure
from shuhi.disclosures.services import disclosure_certify_end
from shuhi.disclosures.tests.pdfcheck import embedded_fonts, squashed, text_of
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _to_b(cast) -> Disclosure:
    return Disclosure.objects.get(recipient=cast.supplier_b)


def test_it_certifies_a_destruction_with_files_hashes_and_the_audit_entry(world):
    cast = world.cast
    disclosure = disclosure_certify_end(actor=cast.rep_b, disclosure=_to_b(cast), method="destroyed",
                                        statement="シュレッダーで裁断し、電子データを消去しました。")
    data = render_certificate(disclosure)
    assert data.startswith(b"%PDF")
    assert any("IPAexGothic" in name for name in embedded_fonts(data))
    words = squashed(text_of(data))
    stamped = disclosure.files.get()
    entry = AuditEntry.objects.filter(action="disclosure.end").latest("id")
    for expected in (disclosure.number, "委託元株式会社", "ベータ精密", "W-3", stamped.sha256[:32],
                     stamped.fingerprint, "シュレッダーで裁断", cast.rep_b.email, entry.hash[:32],
                     timezone.localdate().isoformat()):
        assert expected in words, expected


def test_it_names_the_supplier_through_whom_a_sub_supplier_held_the_secret(world):
    cast = world.cast
    sub = Disclosure.objects.get(recipient=cast.sub_supplier_a)
    words = squashed(text_of(render_certificate(sub)))
    assert "ガンマ金型" in words and "アルファ工業" in words
    assert sub.parent.number in words


def test_a_disclosure_not_yet_ended_says_so_rather_than_certifying(world, settings):
    settings.LANGUAGE_CODE = "en"
    words = " ".join(text_of(render_certificate(_to_b(world.cast))).split())
    assert "not yet certified" in words

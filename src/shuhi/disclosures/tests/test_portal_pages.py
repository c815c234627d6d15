"""The supplier's side of the disclosure register, through its pages: each supplier sees its own chain only,
confirms receipt, certifies the end, asks to pass secrets on and answers leak notices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shuhi.disclosures.models import Disclosure, LeakNotice, Nda
from shuhi.disclosures.services import nda_update
from shuhi.disclosures.testing import build_disclosure_world
from shuhi.ledger.testing import build_ledger_world

PORTAL_ROUTES = ["disclosures:portal_disclosure", "disclosures:portal_redisclose"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(cast):
    build_ledger_world(cast)
    build_disclosure_world(cast)
    to_a = Disclosure.objects.get(recipient=cast.supplier_a, parent__isnull=True)
    return {
        "cast": cast, "to_a": to_a, "sub": Disclosure.objects.get(recipient=cast.sub_supplier_a),
        "to_b": Disclosure.objects.get(recipient=cast.supplier_b),
        "nda_a": Nda.objects.get(reference="NDA-A"), "nda_a1": Nda.objects.get(reference="NDA-A1"),
        "notice_a": LeakNotice.objects.get(holder=cast.supplier_a),
        "notice_sub": LeakNotice.objects.get(holder=cast.sub_supplier_a),
    }


def _get(client, name, pk=None):
    return client.get(reverse(name, args=[pk] if pk is not None else []))


def test_supplier_a_sees_its_own_disclosures_and_those_it_passed_to_its_sub_supplier(world, login):
    cast = world["cast"]
    client = login(cast.rep_a)
    page = _get(client, "disclosures:portal").content.decode()
    assert world["to_a"].number in page and world["sub"].number in page
    assert world["to_b"].number not in page
    assert "NDA-A" in page and "NDA-B" not in page
    assert "図面流出の疑い" in page and "内規の持出し" not in page  # its chain's notices, not B's
    # The list names no other organisation, not even its own sub-supplier (the detail does).
    assert cast.sub_supplier_a.name not in page and cast.home.name not in page


def test_the_portal_detail_shows_what_is_held_and_the_stamped_file(world, login):
    cast = world["cast"]
    client = login(cast.rep_a)
    page = _get(client, "disclosures:portal_disclosure", world["to_a"].pk).content.decode()
    assert "W-1" in page and "設計秘伝書.pdf" in page
    assert reverse("disclosures:file", args=[world["to_a"].files.get().pk]) in page
    assert reverse("disclosures:portal_nda", args=[world["nda_a"].pk]) in page
    assert reverse("disclosures:portal_redisclose", args=[world["to_a"].pk]) in page
    assert reverse("disclosures:end", args=[world["to_a"].pk]) in page
    # The re-disclosure it made is listed with its sub-supplier's name.
    assert world["sub"].number in page and cast.sub_supplier_a.name in page


def test_the_portal_never_shows_what_the_outsourcer_keeps_for_itself(world, login):
    cast = world["cast"]
    for user, disclosure in ((cast.rep_a, world["to_a"]), (cast.rep_sub_a, world["sub"]), (cast.rep_a, world["sub"])):
        client = login(user)
        page = _get(client, "disclosures:portal_disclosure", disclosure.pk).content.decode()
        for internal in ("取締役 開発本部長", "量産立ち上げに不可欠", "金型製作の再委託", cast.security.email,
                         "金型設計に必要", cast.home.name, "exception"):
            assert internal not in page, (user, disclosure, internal)
        assert disclosure.warnings == [] or all(w["message"] not in page for w in disclosure.warnings)


def test_supplier_b_gets_404_on_every_portal_page_of_a(world, login):
    client = login(world["cast"].rep_b)
    for name in PORTAL_ROUTES:
        for disclosure in (world["to_a"], world["sub"]):
            url = reverse(name, args=[disclosure.pk])
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code in (404, 405), url
    for name, pk in (("disclosures:portal_nda", world["nda_a"].pk), ("disclosures:portal_nda", world["nda_a1"].pk),
                     ("disclosures:portal_notice", world["notice_a"].pk),
                     ("disclosures:portal_notice", world["notice_sub"].pk)):
        assert _get(client, name, pk).status_code == 404
        assert client.post(reverse(name, args=[pk]), {"report": "x"}).status_code in (404, 405)
    page = _get(client, "disclosures:portal").content.decode()
    assert world["to_a"].number not in page and world["to_b"].number in page


def test_the_sub_supplier_sees_only_what_it_holds(world, login):
    client = login(world["cast"].rep_sub_a)
    page = _get(client, "disclosures:portal").content.decode()
    assert world["sub"].number in page
    assert world["to_a"].number not in page and "NDA-A1" in page
    assert _get(client, "disclosures:portal_disclosure", world["to_a"].pk).status_code == 404
    assert _get(client, "disclosures:portal_nda", world["nda_a"].pk).status_code == 404
    assert _get(client, "disclosures:portal_notice", world["notice_a"].pk).status_code == 404
    detail = _get(client, "disclosures:portal_disclosure", world["sub"].pk).content.decode()
    assert "設計秘伝書-金型用.pdf" in detail
    assert reverse("disclosures:receipt", args=[world["sub"].pk]) in detail
    assert reverse("disclosures:portal_redisclose", args=[world["sub"].pk]) not in detail


def test_home_users_are_sent_to_the_register(world, login):
    client = login(world["cast"].security)
    assert _get(client, "disclosures:portal")["Location"] == reverse("disclosures:list")
    response = _get(client, "disclosures:portal_disclosure", world["to_a"].pk)
    assert response["Location"] == reverse("disclosures:detail", args=[world["to_a"].pk])
    assert _get(client, "disclosures:portal_redisclose", world["to_a"].pk).status_code == 404


def test_the_sub_supplier_confirms_receipt_and_certifies_destruction_through_the_portal(world, login):
    sub = world["sub"]
    client = login(world["cast"].rep_sub_a)
    response = client.post(reverse("disclosures:receipt", args=[sub.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosures:portal_disclosure", args=[sub.pk])
    sub.refresh_from_db()
    assert sub.status == Disclosure.Status.RECEIVED
    page = client.get(response["Location"]).content.decode()
    assert reverse("disclosures:receipt", args=[sub.pk]) not in page
    response = client.post(reverse("disclosures:end", args=[sub.pk]), {
        "method": "destroyed", "statement": "シュレッダーで裁断し、電子データは消去しました。",
        "on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == Disclosure.Status.DESTROYED
    page = client.get(reverse("disclosures:portal_disclosure", args=[sub.pk])).content.decode()
    assert reverse("disclosures:certificate", args=[sub.pk]) in page
    assert "シュレッダーで裁断し" in page
    # Then supplier A may certify its own, since its sub-supplier holds nothing any more.
    client = login(world["cast"].rep_a)
    client.post(reverse("disclosures:end", args=[world["to_a"].pk]), {
        "method": "returned", "statement": "原本を返却しました。", "on": timezone.localdate().isoformat()})
    world["to_a"].refresh_from_db()
    assert world["to_a"].status == Disclosure.Status.RETURNED
    page = client.get(reverse("disclosures:portal")).content.decode()
    assert world["to_a"].number in page


def test_a_redisclosure_request_goes_to_the_outsourcer(world, login):
    cast = world["cast"]
    client = login(cast.rep_a)
    url = reverse("disclosures:portal_redisclose", args=[world["to_a"].pk])
    page = client.get(url).content.decode()
    assert cast.sub_supplier_a.name in page and "W-1" in page
    w1 = world["to_a"].assets.get()
    due = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(url, {"sub_supplier": cast.sub_supplier_a.pk, "assets": [w1.pk], "purpose": "追加加工",
                                 "justification": "治具の製作に必要", "due_date": due.isoformat(),
                                 "channel": "portal", "copies": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Disclosure.objects.get(purpose="追加加工")
    assert made.parent == world["to_a"] and made.status == Disclosure.Status.REQUESTED
    assert response["Location"] == reverse("disclosures:portal_disclosure", args=[made.pk])
    assert made.number in client.get(reverse("disclosures:portal")).content.decode()


def test_a_redisclosure_is_refused_with_the_rule_when_the_nda_does_not_allow_it(world, login):
    cast = world["cast"]
    nda_update(actor=cast.security, nda=world["nda_a"], allows_redisclosure=False)
    client = login(cast.rep_a)
    w1 = world["to_a"].assets.get()
    due = timezone.localdate() + dt.timedelta(days=10)
    before = Disclosure.objects.count()
    response = client.post(reverse("disclosures:portal_redisclose", args=[world["to_a"].pk]), {
        "sub_supplier": cast.sub_supplier_a.pk, "assets": [w1.pk], "purpose": "追加加工",
        "justification": "治具の製作に必要", "due_date": due.isoformat(), "channel": "portal", "copies": 1})
    assert response.status_code == 400
    page = response.content.decode()
    from django.utils import translation

    from shuhi.disclosures.policy import rule_names
    with translation.override(response.headers.get("Content-Language", "ja")):
        rule = str(rule_names()["redisclosure"])
    assert rule in page and "NDA-A" in page
    assert Disclosure.objects.count() == before


def test_the_supplier_and_its_sub_supplier_answer_their_leak_notices(world, login):
    cast = world["cast"]
    notice = world["notice_sub"]
    client = login(cast.rep_sub_a)
    url = reverse("disclosures:portal_notice", args=[notice.pk])
    page = client.get(url).content.decode()
    assert "保有する全複製の所在を確認" in page and world["sub"].number in page
    assert client.post(url, {"report": ""}).status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None and notice.acknowledged_by == cast.rep_sub_a
    assert client.post(url, {"report": "複製1部を施錠保管しました"}).status_code == 302
    page = client.get(url).content.decode()
    assert "複製1部を施錠保管しました" in page
    # A second empty answer asks for the report.
    assert client.post(url, {"report": ""}).status_code == 400
    # Supplier A sees both notices of its chain, and its own history.
    client = login(cast.rep_a)
    page = client.get(reverse("disclosures:portal")).content.decode()
    assert reverse("disclosures:portal_notice", args=[notice.pk]) in page
    own = client.get(reverse("disclosures:portal_notice", args=[world["notice_a"].pk])).content.decode()
    assert "社内の複製2部を確認、施錠保管中" in own


def test_an_nda_page_shows_its_scope_term_and_obligations(world, login):
    client = login(world["cast"].rep_a)
    page = _get(client, "disclosures:portal_nda", world["nda_a"].pk).content.decode()
    assert "NDA-A" in page and world["nda_a"].ends_on.isoformat() in page
    assert "W-1" in page and world["to_a"].number in page
    client = login(world["cast"].rep_sub_a)
    page = _get(client, "disclosures:portal_nda", world["nda_a1"].pk).content.decode()
    assert "NDA-A1" in page and world["cast"].supplier_a.name in page


def test_the_portal_list_shows_no_word_of_another_organisation(world, login):
    from shuhi.testing.world import World

    cast = world["cast"]
    words = World(cast=cast).words_of
    for user in (cast.rep_a, cast.rep_b, cast.rep_sub_a):
        others = [o for o in (cast.home, cast.supplier_a, cast.supplier_b, cast.sub_supplier_a)
                  if o.pk != user.organisation_id]
        page = login(user).get(reverse("disclosures:portal")).content.decode()
        leaked = [w for o in others for w in words(o) if w and w in page]
        assert not leaked, (user, leaked)

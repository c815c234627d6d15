"""One vocabulary and one rule where the screens, templates and imports used to disagree, and
people pickers that a Japanese organisation can read."""

from __future__ import annotations

import pytest
from django.utils import translation

from shuhi.core.audit.selectors import object_type_label, object_types
from shuhi.core.models import User
from shuhi.core.pickers import UserChoiceField, by_reading
from shuhi.core.roles import Role
from shuhi.core.services import user_create
from shuhi.ledger.models import InformationAsset, Tier
from shuhi.ledger.services import ledger_setup_defaults
from shuhi.ledger.spreadsheet.excel_format import category_words, parse_category
from shuhi.ledger.spreadsheet.template_text import EXAMPLE_ASSETS, HELP
from shuhi.ledger.tier_rules import FREELY, NEVER, UNDER_NDA, tier_rules
from shuhi.people.services import person_create
from shuhi.suppliers.forms import CampaignForm
from shuhi.suppliers.models import Framework
from shuhi.testing.cast import PASSWORD, SYSTEM_TEST

pytestmark = pytest.mark.django_db


def _user(cast, email, name, department=None):
    return user_create(actor=SYSTEM_TEST, email=email, full_name=name, organisation=cast.home,
                       role=Role.EMPLOYEE, password=PASSWORD, department=department)


def test_user_pickers_sort_by_the_kana_of_the_people_register_and_tell_repeated_names_apart(cast):
    sato_dev = _user(cast, "sato.dev@home.example", "佐藤 健", cast.dev)
    sato_sales = _user(cast, "sato.sales@home.example", "佐藤 健", cast.sales)
    abe = _user(cast, "abe@home.example", "阿部 真", cast.dev)
    person_create(actor=SYSTEM_TEST, organisation=cast.home, employee_number="1", name="佐藤 健", kana="サトウ ケン",
                  user=sato_dev)
    person_create(actor=SYSTEM_TEST, organisation=cast.home, employee_number="2", name="佐藤 健", kana="サトウ ケン",
                  user=sato_sales)
    person_create(actor=SYSTEM_TEST, organisation=cast.home, employee_number="3", name="阿部 真", kana="アベ マコト",
                  user=abe)
    ours = User.objects.filter(pk__in=[sato_dev.pk, sato_sales.pk, abe.pk])
    # By code point 佐 (U+4F50) comes before 阿 (U+963F); by reading アベ comes before サトウ.
    assert list(by_reading(ours)) == [abe, sato_dev, sato_sales]
    field = UserChoiceField(queryset=ours)
    labels = [label for value, label in field.choices if value]
    assert labels == ["阿部 真", "佐藤 健（開発部）", "佐藤 健（営業部）"]


def test_names_that_repeat_in_the_same_department_are_told_apart_by_e_mail(cast):
    one = _user(cast, "ito1@home.example", "伊藤 誠", cast.dev)
    two = _user(cast, "ito2@home.example", "伊藤 誠", cast.dev)
    field = UserChoiceField(queryset=User.objects.filter(pk__in=[one.pk, two.pk]))
    assert sorted(label for value, label in field.choices if value) == [
        "伊藤 誠（ito1@home.example）", "伊藤 誠（ito2@home.example）"]


def test_the_ledger_template_and_the_screens_use_one_category_vocabulary():
    with translation.override("ja"):
        screens = [str(label) for _value, label in InformationAsset.Category.choices]
    assert list(category_words().values()) == screens
    assert {row[3] for row in EXAMPLE_ASSETS} <= set(screens)
    assert all(word in HELP["category"] for word in screens)
    for old, new in {"技術": "technical", "製造": "production", "営業": "sales", "管理": "management"}.items():
        assert parse_category(old) == new, "the old short words are read as aliases"
    assert parse_category("技術情報") == "technical" and parse_category("Technical") == "technical"


def test_the_lowest_tier_is_shared_in_ordinary_business_on_both_the_settings_and_the_rules_page(cast, login):
    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    rules = {r.tier.key: r.disclosure for r in tier_rules(Tier.objects.filter(organisation=cast.home))}
    assert rules == {"top_secret": NEVER, "confidential": UNDER_NDA, "public": FREELY}
    settings_page = login(cast.admin).get("/ledger/settings/").content.decode()
    rules_page = login(cast.admin).get("/ledger/rules/").content.decode()
    assert "通常業務の範囲で可" in settings_page and "通常の業務で共有できます" in rules_page
    public_row = settings_page[settings_page.index("tier-public"):][:600]
    assert "NDA" not in public_row


def test_audit_types_are_shown_by_their_readable_names(cast):
    with translation.override("ja"):
        assert object_type_label("ledger.informationasset") == "情報資産"
        assert object_type_label("gone.model") == "gone.model"
    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    with translation.override("ja"):
        types = dict(object_types(user=cast.admin))
    assert types["ledger.tier"] == "格付け"
    assert all(label != recorded for recorded, label in types.items()), types


def test_the_questionnaire_is_offered_by_its_japanese_title_and_version(cast):
    Framework.objects.create(organisation=cast.home, ref_id="shuhi-supplier-2024", version=2, urn="urn:test:q",
                             name_ja="委託先アセスメント（2024）", name_en="Supplier assessment (2024)",
                             kind=Framework.Kind.QUESTIONNAIRE, content={})
    with translation.override("ja"):
        form = CampaignForm(user=cast.admin)
        labels = [label for value, label in form.fields["framework"].choices if value]
    assert labels == ["委託先アセスメント（2024）（第2版）"]

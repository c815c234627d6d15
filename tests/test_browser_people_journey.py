"""In a real browser, the people register from HR's file to the management dashboard.

HR imports five people from a CSV file through the upload form, then gives notice of leaving for one of
them, an engineer who worked on 新製品 and whose employee number is a user of the synthetic file-server
logs (built with the log-review engine's `synth`, ingested by the log review's store). The exit pledge
drafted for the notice names the ledger's assets of the person's project and department and the
classified share the logs show them using. HR reviews the scope and sends it. The leaver logs in,
acknowledges the pledge (the SHA-256 of the exact text and scope is shown and stored) and passes the
classification quiz, answered from the module's own answer key. The security manager's dashboard shows
the share of staff with current pledges and the training shares rise from 0% to 20% (one of five), and
HR's dashboard card the same; HR then records the exit on the last day, which keeps the signed pledge
and opens the exit checklist with the pledge ticked. Screenshots of each step go to test-artifacts/.

A notice comes first because an exit recorded in shuhi makes the person leave at once (status left, no
longer staff): the pledge is signed and the training finished while the person still works, and the
indicators count only people still working.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from shuhi.ledger.models import StorageLocation, Tier
from shuhi.ledger.services import location_create
from shuhi.ledger.testing import build_ledger_world
from shuhi.people import pledging
from shuhi.people.models import ExitChecklist, Person, Pledge, PledgeKind
from shuhi.people.services import person_update, pledge_templates_setup_defaults
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast
from shuhi.training import services_assign
from shuhi.training.models import Assignment, Module
from shuhi.training.services import training_setup_defaults
from shuhi.training.testing import right_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERS, DAYS, SEED = 30, 42, 3
SHARE = "社外秘共有フォルダ"
CONFIDENTIAL = "\\\\fileserver\\confidential\\**"
INDICATORS = ("people.pledged_share", "training.trained", "training.classification")


class LogIns:
    """Logs people in, each with a one-time code one step further on than their last (a code is
    accepted once only, and the server follows the drift of a device's clock)."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base, self.count = page, base, {}

    def __call__(self, user) -> None:
        steps = self.count.get(user.pk, 0)
        log_in(self.page, self.base, user, steps_ahead=steps)
        self.count[user.pk] = steps + 1


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def logs_until_today(folder: Path) -> tuple[Path, str]:
    """Synthetic CERT-format logs ending today, and a user of them who opened files on the
    confidential share (found with the engine itself, on a scratch store)."""
    from shuhi.logreview.context import load_context
    from shuhi.logreview.engine import resolve_source
    from shuhi.logreview.synth import generate
    from shuhi.logreview.touched import refresh_store, resources_touched

    today = timezone.localdate()
    out = folder / "logs" / "synth"
    generate(out, users=USERS, days=DAYS, seed=SEED, start=(today - dt.timedelta(days=DAYS - 1)).isoformat())
    files, cert_dir = resolve_source(f"cert:{out}")
    ctx = load_context(out / "context.yaml", cert_dir=cert_dir)
    refresh_store(files, folder / "scratch-store", ctx)
    touches = resources_touched(folder / "scratch-store", users=list(ctx.people), start=today - dt.timedelta(days=90),
                                end=today, locations={"c": [CONFIDENTIAL]})
    assert touches, "the synthetic logs hold visits to the confidential share"
    user = max(touches, key=lambda t: t.events).user
    return out, next(uid for uid in ctx.people if uid.lower() == user)


def people_csv(folder: Path, leaver_number: str) -> Path:
    """HR's list as Excel saves it in Japan: Shift_JIS (cp932), Japanese headers."""
    rows = [
        "社員番号,氏名,氏名カナ,メール,区分,部署,プロジェクト,入社日,退職日",
        f"{leaver_number},退職 予定子,タイショク ヨテイコ,leaver@home.example,社員,営業部,新製品,2015-04-01,",
        "J-1002,開発 一郎,カイハツ イチロウ,,社員,開発部,新製品,2018-04-01,",
        "J-1003,営業 次郎,エイギョウ ジロウ,,社員,営業部,販路,2019-10-01,",
        "J-1004,契約 三子,ケイヤク ミツコ,,契約社員,開発部,,2023-01-10,",
        "J-1005,派遣 四郎,ハケン シロウ,,派遣社員,営業部,,2024-06-01,",
    ]
    path = folder / "社員一覧.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    return path


def percent(text: str) -> float | None:
    found = re.search(r"\d+(?:\.\d+)?", text)
    return float(found.group()) if found else None


def indicators(page, base: str) -> dict[str, float | None]:
    page.goto(f"{base}/reports/")
    return {key: percent(page.locator(f'tr[data-indicator="{key}"] strong').inner_text()) for key in INDICATORS}


def people_card(page, base: str) -> float | None:
    page.goto(f"{base}/")
    return percent(page.locator("article.card:has(a[href='/people/policies/']) .figure").inner_text())


def test_hr_imports_five_people_and_the_leavers_exit_pledge_is_signed_and_moves_the_dashboard(
        page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    logs, log_user = logs_until_today(tmp_path)
    settings.SHUHI_LOG_ROOTS = [str(logs)]
    cast = build_cast()
    # W-1 設計秘伝書 (新製品, 開発部), W-2 販売戦略メモ (販路, 営業部), W-3 開発部内規 (開発部, no project).
    build_ledger_world(cast)
    confidential = Tier.objects.get(organisation=cast.home, key="confidential")
    location_create(actor=cast.admin, organisation=cast.home, name=SHARE, tier=confidential,
                    path_patterns=CONFIDENTIAL)
    from shuhi.reviews.services import source_create

    source_create(actor=cast.security, organisation=cast.home, name="ファイルサーバ", path=str(logs),
                  context_path=str(logs / "context.yaml"))
    pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home)
    training_setup_defaults(actor=cast.hr, organisation=cast.home)
    classification = Module.objects.get(organisation=cast.home, kind=Module.Kind.CLASSIFICATION)
    base = live_server.url
    sign_in = LogIns(page, base)

    # 1. HR imports five people from the CSV file through the upload form.
    sign_in(cast.hr)
    page.goto(f"{base}/people/register/import/")
    page.locator("input[name=file]").set_input_files(str(people_csv(tmp_path, log_user)))
    submit(page, "form[enctype='multipart/form-data']")
    assert page.url.endswith("/people/register/"), page.locator("main").inner_text()
    listed = page.locator("main").inner_text()
    assert all(name in listed for name in ("退職 予定子", "開発 一郎", "営業 次郎", "契約 三子", "派遣 四郎")), listed
    assert Person.objects.filter(organisation=cast.home).count() == 5
    shot(page, "people-1-import")
    leaver = Person.objects.get(employee_number=log_user)
    assert [p.name for p in leaver.projects.all()] == ["新製品"] and leaver.department == cast.sales
    # The leaver's log-in account (HR links the person to it), and the classification module for all staff.
    person_update(actor=cast.hr, person=leaver, user=cast.employee)
    services_assign.rule_create(actor=cast.hr, module=classification, trigger="everyone")
    assert Assignment.objects.filter(module=classification).count() == 5

    # 2. Before: nobody has a pledge or the training.
    sign_in(cast.security)
    before = indicators(page, base)
    assert before == {key: 0.0 for key in INDICATORS}, before
    shot(page, "people-2-dashboard-before")

    # 3. HR records the leaver's notice; the exit pledge's scope comes from the ledger and from the logs.
    sign_in(cast.hr)
    assert people_card(page, base) == 0.0
    page.goto(f"{base}/people/register/{leaver.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/people/register/{leaver.pk}/events/new/']").click()
    page.locator("select[name=kind]").select_option("leave_notice")
    page.locator("input[name=occurred_on]").fill(timezone.localdate().isoformat())
    submit(page, "main form")
    pledge = Pledge.objects.get(person=leaver, kind=PledgeKind.EXIT)
    assert page.url.endswith(f"/people/pledges/{pledge.pk}/")
    text = page.locator("main").inner_text()
    assert "W-1" in text and "設計秘伝書" in text  # of the person's project 新製品
    assert "W-2" in text and "販売戦略メモ" in text  # of the person's department 営業部
    assert "開発部内規" not in text  # another department's, on no project of theirs
    assert f"保管場所 {SHARE}" in text  # taken from the logs
    share_item = next(item for item in pledge.items if item.get("kind") == "location")
    assert share_item["source"] == "log_review" and share_item["name"] == SHARE and share_item["events"] > 0
    assert share_item["code"] == f"LOC-{StorageLocation.objects.get(name=SHARE).pk}"
    shot(page, "people-3-exit-pledge-draft")
    submit(page, "form[action$='/send/']")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SENT

    # 4. The leaver acknowledges the pledge: the SHA-256 of the exact text and scope is shown and stored.
    sign_in(cast.employee)
    page.goto(f"{base}/people/pledges/mine/")
    with page.expect_navigation():
        page.locator(f"a[href='/people/pledges/{pledge.pk}/']").first.click()
    assert f"保管場所 {SHARE}" in page.locator("main").inner_text()
    page.locator("input[name=confirm]").check()
    submit(page, "form[action$='/acknowledge/']")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACKNOWLEDGED and pledge.acknowledged_by == cast.employee
    assert pledge.sha256 == pledging.digest(pledge.text, pledge.items)
    verification = page.locator("[data-testid=verification]").inner_text()
    assert pledge.sha256 in verification and "改ざん" in verification
    shot(page, "people-4-pledge-acknowledged")

    # 5. … and passes the classification quiz, answered from the module's answer key.
    page.goto(f"{base}/training/mine/")
    with page.expect_navigation():
        page.get_by_role("link", name=classification.current.title).first.click()
    for index, choices in right_answers(classification.current).items():
        for choice in choices:
            page.locator(f"input[name=q{index}][value='{choice}']").check()
    shot(page, "people-5-classification-quiz")
    submit(page, "form[data-testid=quiz]")
    outcome = page.locator("[data-testid=result]").inner_text()
    assert "合格" in outcome and "不合格" not in outcome, outcome
    shot(page, "people-6-quiz-passed")
    assert Assignment.objects.get(person=leaver, module=classification).status == Assignment.Status.PASSED

    # 6. After: one of the five has a current pledge and the training.
    sign_in(cast.security)
    after = indicators(page, base)
    assert after == {key: 20.0 for key in INDICATORS}, after
    assert all(after[key] > before[key] for key in INDICATORS)
    shot(page, "people-7-dashboard-after")
    sign_in(cast.hr)
    assert people_card(page, base) == 20.0
    shot(page, "people-8-hr-card-after")

    # 7. On the last day HR records the exit: the signed pledge stands, and the checklist shows it signed.
    page.goto(f"{base}/people/register/{leaver.pk}/events/new/")
    page.locator("select[name=kind]").select_option("exit")
    page.locator("input[name=occurred_on]").fill(timezone.localdate().isoformat())
    submit(page, "main form")
    leaver.refresh_from_db()
    assert leaver.status == Person.Status.LEFT
    assert list(Pledge.objects.filter(person=leaver).values_list("pk", flat=True)) == [pledge.pk]
    checklist = ExitChecklist.objects.get(person=leaver)
    page.goto(f"{base}/people/exits/{checklist.pk}/")
    signed = [line for line in page.locator("[data-testid=items] li").all_inner_texts() if "✅" in line]
    assert any("誓約" in line for line in signed), signed
    assert page.locator(f"main a[href='/people/pledges/{pledge.pk}/']").count() == 1
    shot(page, "people-9-exit-checklist")

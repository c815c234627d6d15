"""In a real browser, a supplier's everyday use of shuhi, from the first e-mail to an accepted assessment.

The security manager invites a new representative of supplier A, who sets a password through the
link of the invitation e-mail; then sends the quick check and the full questionnaire. The
representative reads the e-mails the mail job wrote under the installation's data directory (the
default when no mail server is configured), opens the link in the first, signs in, answers the
quick check and reads where the firm stands in IPA's survey. It then answers the full questionnaire with one date
marked 未実施 and one evidence file taken back before submitting, and confirms. The reviewer returns
one answer; the supplier finds 差し戻し on its home page, fixes the answer and resubmits; the reviewer
reads what changed and accepts, confirming. Every page is photographed at 1366×768 and at 390×844,
and at the phone's width no page may scroll sideways.
"""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.utils import timezone

from shuhi.core.models import User
from shuhi.suppliers.models import Assessment, AssessmentVersion, Evidence, Framework
from shuhi.suppliers.services import framework_install_builtin, profile_create
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import SYSTEM_TEST, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SEPARATOR = b"-" * 79
NEW_REP, NEW_NAME, NEW_PASSWORD = "hanako@a.example", "高橋 花子", "Kanagata-Sakura-2026"


# What in the page's content sticks out past the right edge of the window; a wide table scrolls
# inside its .table-wrap, which is fine. (The header's menu is the layout's own business.)
STICKING_OUT = """() => Array.from(document.querySelectorAll("main *"))
  .filter((el) => !el.closest(".table-wrap") && el.getClientRects().length
          && el.getBoundingClientRect().right > window.innerWidth + 1)
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
       + " " + Math.round(el.getBoundingClientRect().right) + "px")"""


def photograph(page, name: str) -> None:
    """The page as it is now, at both sizes; at the phone's width nothing may stick out sideways."""
    page.set_viewport_size(PHONE)
    sticking_out = page.evaluate(STICKING_OUT)
    shot(page, f"supplier-journey-{name}-390")
    assert not sticking_out, f"{name}: wider than a 390px phone: {sticking_out[:5]}"
    page.set_viewport_size(DESKTOP)
    shot(page, f"supplier-journey-{name}-1366")


def mails_to(folder: Path, address: str) -> list:
    """Every message the file backend wrote to `address`, oldest first (one or more per file)."""
    found = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                message = message_from_bytes(chunk.strip() + b"\n", policy=policy.default)
                if address in str(message["To"]):
                    found.append(message)
    return found


def mail_with(folder: Path, address: str, words: str):
    matching = [m for m in mails_to(folder, address) if words in str(m["Subject"])]
    assert matching, f"no e-mail to {address} about {words!r}: {[str(m['Subject']) for m in mails_to(folder, address)]}"
    return matching[-1]


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def send_campaign(page, base: str, *, title: str, framework: Framework, supplier, due: dt.date) -> None:
    page.goto(f"{base}/suppliers/campaigns/")
    page.get_by_text("評価を依頼").click()
    page.locator("input[name=title]").fill(title)
    page.locator("select[name=framework]").select_option(str(framework.pk))
    page.locator("input[name=due_date]").fill(due.isoformat())
    page.locator(f"input[name=suppliers][value='{supplier.pk}']").check()
    page.locator("textarea[name=message]").fill("期限までにご回答をお願いします。")
    click_and_wait(page, page.get_by_role("button", name="送信"))


def choose(page, qid: str, value: str) -> None:
    page.locator(f"#q-{qid} input[name='q-{qid}'][value='{value}']").check()


def answer_full(page, tmp_path: Path) -> Path:
    """Every question of the full questionnaire, as a small firm would; returns the file first attached."""
    yes_no = ["MA-1", "MA-2", "VP-2", "VP-4", "VP-5", "ID-1", "ID-2", "ID-3", "ID-4", "ID-5", "ID-7", "LT-1",
              "LT-2", "LT-3", "LT-5", "LT-6", "PL-1", "PL-2", "PL-3", "PL-4", "PL-5", "LG-1", "LG-3", "OS-1",
              "OS-2", "OS-3", "IR-1", "IR-2"]
    for qid in yes_no:
        choose(page, qid, "partly" if qid in {"ID-1", "LG-3"} else "yes")
    choose(page, "MA-3", "monthly")
    page.locator("#q-MA-4 input[name='q-MA-4'][value='isms']").check()
    choose(page, "VP-1", "above")
    choose(page, "OS-5", "no")
    page.locator("input[name='q-ID-6']").fill("120")
    page.locator("input[name='q-LG-2']").fill("12")
    page.locator("input[name='q-IR-3']").fill((timezone.localdate() - dt.timedelta(days=40)).isoformat())
    page.locator("textarea[name='q-IR-4']").fill("過去3年間、事案はありません。")
    # The last company-wide training date is not known as a date: it has not been done.
    page.get_by_test_id("unknown-LT-4").select_option("not_done")
    wrong = tmp_path / "古い基本方針.txt"
    wrong.write_text("内部不正防止基本方針（2019年版・廃止済み）\n", encoding="utf-8")
    page.get_by_test_id("file-VP-3").set_input_files(str(wrong))
    return wrong


def test_a_supplier_answers_is_returned_fixes_and_is_accepted_guided_by_e_mail(page, live_server, tmp_path,
                                                                                settings, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("SHUHI_DATA_DIR", str(data))
    settings.MEDIA_ROOT = data / "media"
    # The default of an installation without EMAIL_URL: files under SHUHI_DATA_DIR/mail.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(data / "mail")
    # The mail job runs as soon as its transaction commits, in the server's thread: the function the
    # worker runs, without a worker process.
    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_MAIL_RETRY_SECONDS = [0, 0]
    settings.SHUHI_BASE_URL = live_server.url
    base = live_server.url
    cast = build_cast()
    framework_install_builtin(actor=SYSTEM_TEST, organisation=cast.home)
    profile = profile_create(actor=SYSTEM_TEST, organisation=cast.supplier_a, size_band="le20", industry="金型製作")
    quick = Framework.objects.get(ref_id="shuhi-supplier-quick-2024")
    full = Framework.objects.get(ref_id="shuhi-supplier-2024")
    due = timezone.localdate() + dt.timedelta(days=30)
    mail = data / "mail"
    rep = NEW_REP

    page.set_viewport_size(DESKTOP)
    reviewer = page.context.browser.new_context(locale="ja-JP", viewport=DESKTOP)
    manager = reviewer.new_page()
    manager.set_default_timeout(15000)
    try:
        # 0. The security manager invites a new representative of supplier A; the invitation e-mail
        # speaks for "the outsourcer", names none of its staff, and its link sets her password.
        log_in(manager, base, cast.security)
        manager.goto(f"{base}/suppliers/{profile.pk}/")
        manager.get_by_text("担当者を招待").click()
        manager.locator("input[name=full_name]").fill(NEW_NAME)
        manager.locator("input[name=email]").fill(NEW_REP)
        click_and_wait(manager, manager.get_by_role("button", name="招待メールを送信"))
        assert f"{NEW_REP} に招待メールを送信しました" in manager.locator(".messages").inner_text()
        photograph(manager, "00a-representative-invited")
        invited = mail_with(mail, NEW_REP, "招待")
        assert str(invited["Subject"]).strip() == "委託元から shuhi への招待が届いています"
        body = invited.get_content()
        assert f"{NEW_NAME} 様" in body and "委託元の担当者様から" in body, body
        for secret in (cast.security.email, cast.security.full_name, cast.home.name):
            assert secret not in body
        [accept] = re.findall(r"https?://\S+/accounts/invite/\S+/", body)
        page.goto(accept)
        assert cast.supplier_a.name in page.locator("main").inner_text()
        page.locator("input[name=password1]").fill(NEW_PASSWORD)
        page.locator("input[name=password2]").fill(NEW_PASSWORD)
        photograph(page, "00b-invitation-accepted")
        click_and_wait(page, page.get_by_role("button", name="アカウントを作成"))
        assert page.url == f"{base}/"
        assert User.objects.get(email=NEW_REP).organisation == cast.supplier_a
        photograph(page, "00c-first-home")
        page.context.clear_cookies()  # she reads the next e-mails another day

        # 1. The security manager sends the quick check, then the full questionnaire, to supplier A.
        send_campaign(manager, base, title="かんたん診断 2026", framework=quick, supplier=cast.supplier_a, due=due)
        photograph(manager, "01-quick-check-sent")
        send_campaign(manager, base, title="委託先評価 2026", framework=full, supplier=cast.supplier_a, due=due)
        quick_one = Assessment.objects.get(campaign__title="かんたん診断 2026", supplier=cast.supplier_a)
        full_one = Assessment.objects.get(campaign__title="委託先評価 2026", supplier=cast.supplier_a)

        # 2. The representative's e-mail, in Japanese, with the link to the assessment.
        invitation = mail_with(mail, rep, "かんたん診断 2026")
        assert str(invitation["Subject"]).strip() == "調査票へのご回答のお願い：かんたん診断 2026"
        body = invitation.get_content()
        assert due.isoformat() in body and "委託元" in body, body
        [link] = re.findall(r"https?://\S+/suppliers/assessments/\d+/", body)
        assert link == f"{base}/suppliers/assessments/{quick_one.pk}/"
        mail_with(mail, rep, "委託先評価 2026")
        mail_with(mail, cast.rep_a.email, "かんたん診断 2026")  # every representative of the supplier is told

        page.goto(link)
        page.wait_for_url("**/accounts/login/**")
        photograph(page, "02-login-from-the-e-mail")
        page.locator("input[name=username]").fill(rep)
        page.locator("input[name=password]").fill(NEW_PASSWORD)
        click_and_wait(page, page.locator("form:has(input[name=password]) button[type=submit]"))
        assert page.url == link
        assert page.get_by_test_id("progress").inner_text().startswith("0 / 12")
        photograph(page, "03-quick-check")

        # 3. The quick check: twelve questions, then submit after the confirmation page.
        for qid in ["MA-2", "VP-2", "VP-5", "PL-1", "ID-1", "ID-2", "ID-3", "LT-1", "LT-3", "IR-1"]:
            choose(page, qid, "yes")
        choose(page, "LG-1", "no")
        choose(page, "VP-1", "equal")
        click_and_wait(page, page.get_by_role("button", name="保存して提出前の確認へ"))
        assert page.get_by_test_id("progress").inner_text().startswith("12 / 12")
        photograph(page, "04-quick-check-confirm")
        click_and_wait(page, page.get_by_test_id("confirm-submit"))
        quick_one.refresh_from_db()
        assert quick_one.status == Assessment.Status.SUBMITTED
        click_and_wait(page, page.get_by_role("link", name="スコアとベンチマーク").first)
        assert page.get_by_role("heading", name="IPA 2023年度調査における位置づけ").is_visible()
        placements = page.get_by_test_id("placements").locator("tbody tr")
        assert placements.count() >= 5
        assert "実施" in placements.first.inner_text() and "%" in placements.first.inner_text()
        photograph(page, "05-quick-check-benchmark")

        # 4. The full questionnaire, opened from the home page: one date 未実施, one file taken back.
        page.goto(f"{base}/")
        photograph(page, "06-home-with-the-full-questionnaire")
        click_and_wait(page, page.get_by_role("link", name="委託先評価 2026").first)
        wrong = answer_full(page, tmp_path)
        click_and_wait(page, page.get_by_role("button", name="下書き保存"))
        taken_back = Evidence.objects.get(assessment=full_one, original_name=wrong.name)
        assert page.get_by_test_id(f"remove-evidence-{taken_back.pk}").is_visible()
        photograph(page, "07-full-draft-with-a-wrong-file")
        click_and_wait(page, page.get_by_test_id(f"remove-evidence-{taken_back.pk}"))
        assert page.get_by_test_id(f"remove-evidence-{taken_back.pk}").count() == 0
        right = tmp_path / "内部不正防止基本方針.txt"
        right.write_text("内部不正防止基本方針（2025年改定）\n", encoding="utf-8")
        page.get_by_test_id("file-VP-3").set_input_files(str(right))
        click_and_wait(page, page.get_by_role("button", name="保存して提出前の確認へ"))
        answered, total = re.findall(r"\d+", page.get_by_test_id("progress").inner_text())[:2]
        assert answered == total and page.locator(".form-errors").count() == 0
        photograph(page, "08-full-confirm")
        click_and_wait(page, page.get_by_test_id("confirm-submit"))
        full_one.refresh_from_db()
        assert full_one.status == Assessment.Status.SUBMITTED
        first = AssessmentVersion.objects.get(assessment=full_one, number=1)
        assert first.answers["LT-4"].get("unknown") == "not_done" and "value" not in first.answers["LT-4"]
        kept = Evidence.objects.get(assessment=full_one, original_name=right.name)
        assert first.answers["VP-3"]["evidence"] == [kept.pk]
        photograph(page, "09-full-submitted")

        # 5. The reviewer returns one answer with a comment.
        manager.goto(f"{base}/suppliers/assessments/{full_one.pk}/")
        manager.get_by_test_id("review-box-ID-1").locator("summary").click()
        manager.locator("textarea[name='r-ID-1']").fill("基準の文書を確認できません。整備状況を見直してください。")
        photograph(manager, "10-review-return")
        click_and_wait(manager, manager.get_by_role("button", name="コメントを付けて差し戻す"))
        full_one.refresh_from_db()
        assert full_one.status == Assessment.Status.RETURNED
        returned_mail = mail_with(mail, rep, "差し戻")
        assert "委託先評価 2026" in str(returned_mail["Subject"])

        # 6. The supplier sees 差し戻し on its home page, fixes the answer and resubmits.
        page.goto(f"{base}/")
        card = page.get_by_test_id(f"home-assessment-{full_one.pk}")
        assert "差し戻し" in card.inner_text()
        photograph(page, "11-home-returned")
        click_and_wait(page, card.get_by_role("link", name="委託先評価 2026"))
        returned = page.get_by_test_id("returned-list")
        assert "基準の文書を確認できません" in returned.inner_text()
        photograph(page, "12-returned-questions-on-top")
        choose(page, "ID-1", "yes")
        page.locator("#q-ID-1 details summary").first.click()
        page.locator("textarea[name='c-ID-1']").fill("秘密情報の特定基準（2025年4月制定）を全社に周知しました。")
        click_and_wait(page, page.get_by_role("button", name="保存して提出前の確認へ"))
        photograph(page, "13-resubmit-confirm")
        click_and_wait(page, page.get_by_test_id("confirm-submit"))
        full_one.refresh_from_db()
        assert full_one.status == Assessment.Status.SUBMITTED and full_one.versions.count() == 2

        # 7. The reviewer reads what changed and accepts, confirming.
        manager.goto(f"{base}/suppliers/assessments/{full_one.pk}/")
        diff = manager.get_by_test_id("version-diff")
        assert manager.get_by_test_id("diff-ID-1").is_visible()
        assert "秘密情報の特定基準" in diff.inner_text()
        assert diff.locator("tbody tr").count() == 1
        photograph(manager, "14-review-diff")
        click_and_wait(manager, manager.get_by_role("button", name="承認へ進む…"))
        photograph(manager, "15-accept-confirm")
        click_and_wait(manager, manager.get_by_test_id("confirm-accept"))
        full_one.refresh_from_db()
        assert full_one.status == Assessment.Status.ACCEPTED
        accepted = mail_with(mail, rep, "承認")
        assert str(accepted["Subject"]).strip() == "調査票が承認されました：委託先評価 2026"

        page.goto(f"{base}/suppliers/portal/")
        assert page.get_by_test_id(f"portal-row-{full_one.pk}").get_attribute("data-stage") == "accepted"
        photograph(page, "16-portal-accepted")
    finally:
        reviewer.close()

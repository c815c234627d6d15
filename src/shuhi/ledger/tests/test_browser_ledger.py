"""In a real browser: download the template, fill it in, import it, and fix a finding of the self-check."""

from __future__ import annotations

import openpyxl
import pytest

from shuhi.ledger.checks import run_checks
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.services import ledger_setup_defaults
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_template(path, department: str) -> None:
    """What a user does in Excel: leave the example rows (例-…) as they are, add a storage location
    and two assets of their own, one of them not yet labelled."""
    book = openpyxl.load_workbook(path)
    book["保管場所"].append(["設計ファイルサーバ", "共有フォルダ", "極秘", "\\\\fs01\\設計\\**", "設計グループ"])
    sheet = book["台帳"]
    headers = [cell.value for cell in sheet[1]]
    common = {"格付け": "社外秘", "営業秘密": "はい", "個人情報": "いいえ", "管理部署": department,
              "保管場所": "設計ファイルサーバ", "保存期間": "5年", "廃棄方法": "シュレッダー", "発生可能性": 2,
              "影響度": 4}
    rows = ({"資産ID": "A-0002", "資産名": "金型図面", "分類": "技術情報", "表示": "未", **common},
            {"資産ID": "A-0003", "資産名": "試作ライン条件表", "分類": "製造", "表示": "済", **common})
    for values in rows:
        next_row = sheet.max_row + 1
        for name, value in values.items():
            sheet.cell(next_row, headers.index(name) + 1, value)
    book.save(path)


def test_a_security_manager_imports_the_template_and_fixes_a_finding(page, live_server, tmp_path):
    cast = build_cast()
    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    base = live_server.url
    log_in(page, base, cast.security)

    page.goto(f"{base}/ledger/")
    shot(page, "ledger-01-empty-ledger")
    page.goto(f"{base}/ledger/import/")
    with page.expect_download() as download:
        page.locator("a[href$='/ledger/template/']").first.click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    fill_template(template, cast.dev.name)

    page.locator("input[type=file]").set_input_files(str(template))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "ledger-02-imported")
    assert InformationAsset.objects.filter(organisation=cast.home).count() == 2, "the examples are skipped"
    assert page.get_by_test_id("samples-skipped").is_visible()

    unlabelled = InformationAsset.objects.get(code="A-0002")
    assert any(f.kind == "no_label" and f.asset_code == "A-0002" for f in run_checks(cast.home))
    page.goto(f"{base}/ledger/selfcheck/")
    shot(page, "ledger-03-selfcheck")
    page.locator(f"a[href='/ledger/{unlabelled.pk}/edit/']").first.click()
    page.wait_for_url(f"**/ledger/{unlabelled.pk}/edit/")
    page.locator("select[name=label_status]").select_option("applied")
    page.locator("input[name=reason]").fill("表示を付けた")
    shot(page, "ledger-04-fixing")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/ledger/{unlabelled.pk}/")
    shot(page, "ledger-05-fixed")
    assert not any(f.kind == "no_label" and f.asset_code == "A-0002" for f in run_checks(cast.home))
    assert "表示を付けた" in page.content()

"""Excel round trip and its rejections; framework, campaign and interview pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from shuhi.suppliers.ciso import export_library
from shuhi.suppliers.models import Assessment, Campaign, Framework, Interview
from shuhi.suppliers.schema import builtin_contents

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(client, assessment):
    response = client.get(reverse("suppliers:excel", args=[assessment.pk]))
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def upload(client, assessment, book):
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(reverse("suppliers:excel_upload", args=[assessment.pk]),
                       {"file": SimpleUploadedFile("a.xlsx", buffer.getvalue(), content_type=XLSX)}, follow=True)


def fill(sheet, answers):
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[5].value = answers[row[0].value]


def test_the_questionnaire_round_trips_through_excel_in_japanese(client, cast, setup, login):
    login(cast.rep_a)
    book = workbook(client, setup["a"])
    assert book.sheetnames[0] == "回答"
    sheet = book["回答"]
    assert sheet.protection.sheet is True
    assert sheet.cell(row=2, column=6).protection.locked is False and sheet.cell(row=2, column=3).protection.locked
    assert any("はい,一部,いいえ,わからない" in dv.formula1 for dv in sheet.data_validations.dataValidation)
    assert [c.value for c in sheet[1]][:6] == ["ID", "分野", "質問", "回答形式", "選択肢", "回答"]
    fill(sheet, {"MA-1": "はい", "MA-4": "ISMS（ISO/IEC 27001）;技術情報管理認証（TICS）", "ID-6": 40,
                 "LT-4": "未実施", "VP-1": "個人情報以上に営業秘密を重視している", "IR-3": "わからない"})
    messages = [str(m) for m in upload(client, setup["a"], book).context["messages"]]
    assert not any("Nothing" in m or "何も" in m for m in messages), messages
    answers = Assessment.objects.get(pk=setup["a"].pk).answers
    assert answers["MA-1"]["value"] == "yes" and answers["MA-4"]["value"] == ["tics", "isms"]
    assert answers["VP-1"]["value"] == "above" and answers["ID-6"]["value"] == 40
    assert answers["LT-4"]["unknown"] == "not_done" and answers["IR-3"]["unknown"] == "dont_know"
    again = {r[0].value: r[5].value for r in workbook(client, setup["a"])["回答"].iter_rows(min_row=2)}
    assert (again["MA-1"], again["LT-4"], again["IR-3"]) == ("はい", "未実施", "わからない")
    assert again["MA-4"] == "技術情報管理認証（TICS）;ISMS（ISO/IEC 27001）"


def test_the_english_codes_and_an_old_english_sheet_name_are_still_accepted(client, cast, setup, login):
    login(cast.rep_a)
    book = workbook(client, setup["a"])
    book["回答"].title = "questionnaire"
    fill(book["questionnaire"], {"MA-1": "yes", "MA-4": "isms;tics", "LT-4": dt.datetime(2024, 5, 1),
                                 "VP-1": "above", "MA-2": "dont_know", "IR-3": "not_done"})
    messages = [str(m) for m in upload(client, setup["a"], book).context["messages"]]
    assert not any("Nothing" in m or "何も" in m for m in messages), messages
    answers = Assessment.objects.get(pk=setup["a"].pk).answers
    assert answers["MA-1"]["value"] == "yes" and answers["MA-4"]["value"] == ["tics", "isms"]
    assert answers["LT-4"]["value"] == "2024-05-01" and answers["MA-2"]["value"] == "dont_know"
    assert answers["IR-3"] == {"unknown": "not_done", "comment": ""}


def test_an_excel_upload_with_bad_rows_is_rejected_whole_with_row_numbers(client, cast, setup, login):
    login(cast.rep_a)
    book = workbook(client, setup["a"])
    fill(book["回答"], {"MA-1": "yes", "MA-2": "maybe", "ID-6": "lots"})
    messages = [str(m) for m in upload(client, setup["a"], book).context["messages"]]
    assert any("MA-2" in m for m in messages) and any("ID-6" in m for m in messages)
    row_of_ma2 = next(r[0].row for r in book["回答"].iter_rows(min_row=2) if r[0].value == "MA-2")
    # The message names the row as the user sees it in Excel, next to the question id.
    assert any(str(row_of_ma2) in m and "MA-2" in m for m in messages)
    assert Assessment.objects.get(pk=setup["a"].pk).answers == {}


def test_a_workbook_of_another_assessment_or_a_non_workbook_is_refused(client, cast, setup, login):
    login(cast.rep_b)
    book_b = workbook(client, setup["b"])
    login(cast.rep_a)
    fill(book_b["回答"], {"MA-1": "yes"})
    upload(client, setup["a"], book_b)
    assert Assessment.objects.get(pk=setup["a"].pk).answers == {}
    response = client.post(reverse("suppliers:excel_upload", args=[setup["a"].pk]),
                           {"file": SimpleUploadedFile("a.xlsx", b"not a zip", content_type=XLSX)}, follow=True)
    assert any(".xlsx" in str(m) for m in response.context["messages"])
    assert client.post(reverse("suppliers:excel_upload", args=[setup["b"].pk]), {}).status_code == 404


def test_frameworks_are_imported_previewed_and_exported_through_the_pages(client, cast, setup, login):
    login(cast.admin)
    page = client.get(reverse("suppliers:frameworks"))
    assert {f.ref_id for f in page.context["frameworks"]} == {"shuhi-supplier-2024", "shuhi-supplier-2024-interview",
                                                                 "shuhi-supplier-quick-2024"}
    exported = client.get(reverse("suppliers:framework_export", args=[setup["framework"].pk]))
    library = yaml.safe_load(exported.content)
    assert library["objects"]["framework"]["urn"] == "urn:shuhi:risk:framework:shuhi-supplier-2024"
    content = dict(builtin_contents()[0], id="ours", version=3)
    text = yaml.safe_dump(export_library(content), allow_unicode=True)
    response = client.post(reverse("suppliers:frameworks"),
                           {"file": SimpleUploadedFile("ours.yaml", text.encode(), content_type="application/yaml")})
    assert response.status_code == 302 and Framework.objects.filter(ref_id="ours", version=3).exists()
    response = client.post(reverse("suppliers:frameworks"),
                           {"file": SimpleUploadedFile("x.yaml", b"id: [", content_type="application/yaml")})
    assert response.status_code == 200 and response.context["problems"]
    login(cast.employee)
    assert client.get(reverse("suppliers:framework", args=[setup["framework"].pk])).status_code == 200
    assert client.post(reverse("suppliers:frameworks"), {}).status_code == 404


def test_a_campaign_sends_one_assessment_per_chosen_supplier(client, cast, setup, login):
    login(cast.security)
    response = client.post(reverse("suppliers:campaigns"), {
        "title": "追加", "framework": setup["framework"].pk, "due_date": "2099-01-01",
        "suppliers": [cast.supplier_b.pk], "message": "よろしく"})
    campaign = Campaign.objects.get(title="追加")
    assert response.url == reverse("suppliers:campaign", args=[campaign.pk])
    assert [a.supplier for a in campaign.assessments.all()] == [cast.supplier_b]
    past = client.post(reverse("suppliers:campaigns"), {"title": "過去", "framework": setup["framework"].pk,
                                                        "due_date": "2000-01-01", "suppliers": [cast.supplier_b.pk]})
    assert past.status_code == 200 and not Campaign.objects.filter(title="過去").exists()


def test_the_management_interview_is_kept_from_the_supplier(client, cast, setup, login):
    login(cast.admin)
    profile = setup["profiles"][cast.supplier_a.pk]
    response = client.post(reverse("suppliers:interview_new", args=[profile.pk]),
                           {"held_on": "2024-07-01", "q-MI-1": "concrete", "q-MI-8": "社長"})
    interview = Interview.objects.get()
    assert response.url == reverse("suppliers:interview", args=[interview.pk])
    assert interview.answers["MI-1"]["value"] == "concrete"
    login(cast.rep_a)
    assert client.get(reverse("suppliers:interview", args=[interview.pk])).status_code == 404
    assert not Interview.objects.visible_to(cast.rep_a).exists()

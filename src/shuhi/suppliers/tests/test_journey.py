"""The supplier's journey and the review: answers a small firm can give honestly, evidence it can take
back, a home page that says what to do next, a quick check first, confirmations, and a review that shows
what changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuhi.suppliers.models import Assessment, Evidence, Framework
from shuhi.suppliers.scoring import placements, score
from shuhi.suppliers.services import (
    QUICK_REF,
    assessment_review,
    assessment_save,
    assessment_submit,
    evidence_add,
    evidence_remove,
)
from shuhi.suppliers.testing import PDF, _answer_everything

pytestmark = pytest.mark.django_db


def form(assessment, **extra):
    data = {f"q-{qid}": value for qid, value in _answer_everything(assessment).items()}
    data.update(extra)
    return data


def submit_through_pages(client, assessment, data):
    client.post(reverse("suppliers:assessment", args=[assessment.pk]), {**data, "action": "submit"})
    return client.post(reverse("suppliers:submit", args=[assessment.pk]))


def test_not_done_and_dont_know_on_date_and_number_questions_save_submit_and_score_as_nothing(
        client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    data = form(assessment, **{"q-LT-4": "", "u-LT-4": "not_done", "q-LG-2": "", "u-LG-2": "dont_know",
                               "q-IR-3": "2024-01-01", "u-IR-3": "not_done", "u-VP-3": "not_done"})
    assert client.post(reverse("suppliers:assessment", args=[assessment.pk]), data).status_code == 302
    answers = Assessment.objects.get(pk=assessment.pk).answers
    assert answers["LT-4"] == {"unknown": "not_done"} and answers["LG-2"] == {"unknown": "dont_know"}
    assert "value" not in answers["IR-3"]  # the mark wins over a date typed beside it
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk])).content.decode()
    assert '<option value="not_done" selected>' in page and '<option value="dont_know" selected>' in page
    response = submit_through_pages(client, assessment, data)
    assert response.status_code == 302
    version = Assessment.objects.get(pk=assessment.pk).versions.get()
    assert version.scores["questions"]["LT-4"] == 0 and version.scores["questions"]["LG-2"] == 0
    result = score(assessment.framework.doc, version.answers)
    # the same as a yes_no question answered "don't know": answered, and earning nothing
    assert result.questions["LT-4"].answered and result.questions["LT-4"].share == 0
    dont_know = score(assessment.framework.doc, {**version.answers, "MA-1": {"value": "dont_know"}})
    assert dont_know.questions["MA-1"].answered and dont_know.questions["MA-1"].share == 0


def test_clearing_the_mark_takes_the_value_again(cast, setup):
    assessment = setup["a"]
    assessment_save(actor=cast.rep_a, assessment=assessment, values={"LT-4": "未実施"})
    assert Assessment.objects.get(pk=assessment.pk).answers["LT-4"] == {"unknown": "not_done"}
    assessment_save(actor=cast.rep_a, assessment=assessment, values={"LT-4": "2024-04-01"})
    assert Assessment.objects.get(pk=assessment.pk).answers["LT-4"] == {"value": "2024-04-01"}


def test_evidence_is_removable_before_submission_and_not_after(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    client.post(reverse("suppliers:assessment", args=[assessment.pk]), {
        "q-VP-2": "yes", "f-VP-3": SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf")})
    client.post(reverse("suppliers:assessment", args=[assessment.pk]), {
        "q-VP-2": "yes", "f-VP-3": SimpleUploadedFile("方針2.pdf", PDF, content_type="application/pdf")})
    first, second = Evidence.objects.filter(assessment=assessment).order_by("pk")
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk])).content.decode()
    removal = f' id="remove-evidence-{first.pk}" hidden>'
    assert f'form="remove-evidence-{first.pk}"' in page and removal in page
    # the removal forms sit outside the answer form, so Enter in an answer never removes a file
    assert page.index(removal) > page.index("</form>", page.index('value="save"'))
    client.post(reverse("suppliers:evidence_remove", args=[first.pk]))
    assert Assessment.objects.get(pk=assessment.pk).answers["VP-3"]["evidence"] == [second.pk]
    assessment_save(actor=cast.rep_a, assessment=assessment, values=_answer_everything(assessment))
    assessment_submit(actor=cast.rep_a, assessment=assessment)
    client.post(reverse("suppliers:evidence_remove", args=[second.pk]))
    assessment.refresh_from_db()
    assert assessment.answers["VP-3"]["evidence"] == [second.pk]
    assert assessment.versions.get().answers["VP-3"]["evidence"] == [second.pk]
    with pytest.raises(Exception, match=r"submitted|提出"):
        evidence_remove(actor=cast.rep_a, evidence=second)


def journey(client, assessment):
    rows = client.get(reverse("suppliers:portal")).context["rows"]
    return next(j for a, _due, j in rows if a.pk == assessment.pk)


def test_the_portal_shows_each_assessments_status_and_next_step(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    new = journey(client, assessment)
    assert (new["stage"], new["answered"]) == ("new", 0) and new["total"] > 30
    assessment_save(actor=cast.rep_a, assessment=assessment, values={"MA-1": "yes", "MA-2": "no"})
    assert journey(client, assessment)["stage"] == "in_progress" and journey(client, assessment)["answered"] == 2
    assessment_save(actor=cast.rep_a, assessment=assessment, values=_answer_everything(assessment))
    evidence_add(actor=cast.rep_a, assessment=assessment, question_id="VP-3",
                 upload=SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf"))
    assessment_submit(actor=cast.rep_a, assessment=assessment)
    assert journey(client, assessment)["stage"] == "submitted"
    assessment_review(actor=cast.security, assessment=assessment, accept=False,
                      comments={"LT-3": "掲示の写真を添えてください"}, note="一点だけ")
    returned = journey(client, assessment)
    assert returned["stage"] == "returned" and [r["id"] for r in returned["returned"]] == ["LT-3"]
    page = client.get(reverse("suppliers:portal")).content.decode()
    assert "掲示の写真を添えてください" in page and "一点だけ" in page and 'data-stage="returned"' in page
    assessment_submit(actor=cast.rep_a, assessment=assessment)
    assessment_review(actor=cast.security, assessment=assessment, accept=True)
    assert journey(client, assessment)["stage"] == "accepted"


def test_the_form_counts_the_answers(client, cast, setup, login):
    assessment = setup["a"]
    assessment_save(actor=cast.rep_a, assessment=assessment, values={"MA-1": "yes", "LT-4": "not_done"})
    login(cast.rep_a)
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk]))
    assert page.context["answered"] == 2 and page.context["total"] > 30
    assert 'data-testid="progress"' in page.content.decode()
    assert f"2 / {page.context['total']}" in page.content.decode()


def test_submitting_asks_for_confirmation_first(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    response = client.post(reverse("suppliers:assessment", args=[assessment.pk]),
                           {**form(assessment, **{"u-VP-3": "not_done"}), "action": "submit"})
    assert response.url == reverse("suppliers:submit", args=[assessment.pk])
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"
    confirm = client.get(response.url)
    assert confirm.status_code == 200 and b"confirm-submit" in confirm.content and not confirm.context["missing"]
    client.post(response.url)
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
    assert client.get(response.url).status_code == 404  # nothing left to confirm


def test_the_quick_check_has_at_most_twelve_questions_and_is_offered_first(client, cast, setup, login):
    quick = setup["quick"]
    assert quick.ref_id == QUICK_REF and len(quick.doc.questions()) <= 12
    full_ids = {q.id for q in setup["framework"].doc.questions()}
    assert {q.id for q in quick.doc.questions()} <= full_ids
    assert sum(1 for q in quick.doc.questions() if q.indicators) >= 10
    login(cast.rep_a)
    page = client.get(reverse("suppliers:portal")).content.decode()
    assert page.index('data-testid="quick-assessment"') < page.index('data-testid="own-assessment"')
    # the outsourcer can send it like any questionnaire
    login(cast.security)
    form_page = client.get(reverse("suppliers:campaigns"))
    assert quick in form_page.context["form"].fields["framework"].queryset


def test_the_quick_check_is_scored_and_benchmarked_as_soon_as_it_is_submitted(client, cast, setup, login):
    login(cast.rep_a)
    client.post(reverse("suppliers:own_assessment"), {"kind": "quick"})
    assessment = Assessment.objects.get(supplier=cast.supplier_a, campaign=None)
    assert assessment.framework.ref_id == QUICK_REF and assessment.private
    response = submit_through_pages(client, assessment, form(assessment))
    assert response.url == reverse("suppliers:report", args=[assessment.pk])
    report = client.get(response.url)
    assert report.context["result"].overall == 100.0
    assert len(report.context["placements"]) >= 10 and all(p["status"] == "practised"
                                                            for p in report.context["placements"])
    assert placements(score(assessment.framework.doc, assessment.answers))
    # the full questionnaire is a separate self-assessment, started afterwards
    client.post(reverse("suppliers:own_assessment"))
    assert Assessment.objects.filter(supplier=cast.supplier_a, campaign=None).count() == 2
    assert Framework.objects.filter(ref_id=QUICK_REF).count() == 1


def submitted_twice(cast, assessment):
    assessment_save(actor=cast.rep_a, assessment=assessment, values=_answer_everything(assessment))
    evidence_add(actor=cast.rep_a, assessment=assessment, question_id="VP-3",
                 upload=SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf"))
    assessment_submit(actor=cast.rep_a, assessment=assessment)
    assessment_review(actor=cast.security, assessment=assessment, accept=False, comments={"LT-3": "根拠は？"})
    assessment_save(actor=cast.rep_a, assessment=assessment, values={"LT-3": "partly", "LT-4": "not_done"})
    assessment_submit(actor=cast.rep_a, assessment=assessment)


def test_review_comment_boxes_are_closed_until_opened_and_return_is_the_default_button(client, cast, setup, login):
    assessment = setup["a"]
    submitted_twice(cast, assessment)
    login(cast.security)
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk])).content.decode()
    assert page.count('<details class="review-comment-box"') > 30 and "<details class=\"review-comment-box\" open" \
        not in page
    review_form = page[page.index('id="review-form"'):]
    assert review_form.index('value="return"') < review_form.index('value="accept"')


def test_the_returned_questions_are_listed_at_the_top_for_the_supplier(client, cast, setup, login):
    assessment = setup["a"]
    assessment_save(actor=cast.rep_a, assessment=assessment, values=_answer_everything(assessment))
    evidence_add(actor=cast.rep_a, assessment=assessment, question_id="VP-3",
                 upload=SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf"))
    assessment_submit(actor=cast.rep_a, assessment=assessment)
    assessment_review(actor=cast.security, assessment=assessment, accept=False, comments={"LT-3": "根拠は？"})
    login(cast.rep_a)
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk])).content.decode()
    top = page.index('data-testid="returned-list"')
    assert top < page.index('id="q-MA-1"') and page.index('href="#q-LT-3"', top) < page.index('id="q-MA-1"')


def test_the_reviewer_and_the_version_page_show_what_changed_between_versions(client, cast, setup, login):
    assessment = setup["a"]
    submitted_twice(cast, assessment)
    login(cast.security)
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk]))
    assert [d["id"] for d in page.context["diff"]] == ["LT-3", "LT-4"]
    lt3 = page.context["diff"][0]
    assert (lt3["then"], lt3["now"]) == ("はい", "一部")
    assert page.context["diff"][1]["now"] == "未実施"
    second = assessment.versions.get(number=2)
    version_page = client.get(reverse("suppliers:version", args=[second.pk]))
    assert 'data-testid="diff-LT-3"' in version_page.content.decode()


def test_acceptance_needs_a_second_step_and_then_shows_on_every_page(client, cast, setup, login):
    assessment = setup["a"]
    submitted_twice(cast, assessment)
    login(cast.security)
    first = client.post(reverse("suppliers:review", args=[assessment.pk]),
                        {"decision": "accept", "note": "ご対応ありがとうございました", "r-MA-1": "気になる点"})
    assert first.status_code == 200 and b"confirm-accept" in first.content
    assert first.context["dropped"] == ["MA-1"]
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
    client.post(reverse("suppliers:review", args=[assessment.pk]),
                {"decision": "accept", "confirmed": "yes", "note": "ご対応ありがとうございました"})
    assert Assessment.objects.get(pk=assessment.pk).status == "accepted"
    version = assessment.versions.get(number=2)
    for who in (cast.security, cast.rep_a):
        login(who)
        for url in (reverse("suppliers:assessment", args=[assessment.pk]),
                    reverse("suppliers:report", args=[assessment.pk]), reverse("suppliers:version", args=[version.pk])):
            page = client.get(url).content.decode()
            assert 'data-testid="acceptance-note"' in page and "ご対応ありがとうございました" in page, url
    report = client.get(reverse("suppliers:report", args=[assessment.pk])).content.decode()
    assert "提出済みのバージョン" not in report and "submitted version" not in report

"""Results of an assessment: scores per area and viewpoint, survey placement, radar chart, PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shuhi.core.charts import radar
from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors
from shuhi.suppliers.models import Assessment
from shuhi.suppliers.presenters import area_rows, change_rows, placement_rows
from shuhi.suppliers.report_pdf import render_report
from shuhi.suppliers.schema import pick
from shuhi.suppliers.scoring import gaps, placements, score, survey


def report_data(user, assessment: Assessment) -> dict:
    versions = list(selectors.versions_of(user=user, assessment=assessment))
    answers = versions[0].answers if versions else (assessment.answers or {})
    doc = assessment.framework.doc
    result = score(doc, answers)
    areas = area_rows(result)
    earlier = selectors.previous_version(user=user, assessment=assessment)
    previous = earlier.scores if earlier else None
    prev_series = [previous["areas"].get(a["id"]) for a in areas] if previous else None
    lang = (get_language() or "ja")[:2]
    planned = set(assessment.improvements.values_list("question_id", flat=True))
    gap_rows = [{"id": g.question.id, "text": pick(g.question.text, lang), "practice": pick(g.question.practice, lang),
                 "share": g.share, "planned": g.question.id in planned} for g in gaps(result) if g.question.practice]
    changes = []
    if earlier is not None:
        changes = change_rows(doc, score(doc, earlier.answers), result, earlier.answers, answers,
                              selectors.earlier_items(user=user, assessment=assessment))
    source = survey()["source"]
    return {
        "assessment": assessment, "result": result, "areas": areas, "previous": prev_series,
        "placements": placement_rows(placements(result)), "gaps": gap_rows, "version": versions[0] if versions
        else None, "chart": radar([a["name"] for a in areas], [[a["score"] for a in areas]]
                                  + ([prev_series] if prev_series else [])),
        "source": {"title": source["title_ja"], "publisher": source["publisher"], "url": source["url"]},
        "changes": changes, "earlier": earlier,
        "can_plan": bool(versions) and can.can_plan_improvements(user, assessment)
        and any(not g["planned"] for g in gap_rows),
        "can_share": can.can_share_assessment(user, assessment),
    }


@login_required
@require_GET
@gated(Assessment)
def assessment_report(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    return render(request, "suppliers/report.html", report_data(request.user, assessment))


@login_required
@require_GET
@gated(Assessment)
def assessment_report_pdf(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    data = report_data(request.user, assessment)
    pdf = render_report(
        title=_("Supplier assessment report"), organisation=assessment.supplier.name,
        framework=assessment.framework.display_name(), overall=data["result"].overall,
        viewpoints=data["result"].viewpoints, areas=data["areas"], placements=data["placements"],
        gaps=data["gaps"], source=data["source"], previous=data["previous"], changes=data["changes"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.pdf"'
    return response

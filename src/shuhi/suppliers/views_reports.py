"""Results of an assessment: scores per area and viewpoint, survey placement, radar chart, PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated
from shuhi.suppliers import selectors
from shuhi.suppliers.models import Assessment, AssessmentVersion
from shuhi.suppliers.presenters import area_rows, placement_rows
from shuhi.suppliers.radar import radar
from shuhi.suppliers.report_pdf import render_report
from shuhi.suppliers.schema import pick
from shuhi.suppliers.scoring import gaps, placements, score, survey


def _previous_scores(user, assessment: Assessment) -> dict | None:
    """Area scores of the organisation's last accepted earlier assessment, to show the change."""
    earlier = AssessmentVersion.objects.visible_to(user).filter(
        assessment__supplier=assessment.supplier, assessment__framework__ref_id=assessment.framework.ref_id,
        assessment__created_at__lt=assessment.created_at, outcome=AssessmentVersion.Outcome.ACCEPTED,
    ).order_by("-submitted_at").first()
    return earlier.scores if earlier else None


def report_data(user, assessment: Assessment) -> dict:
    versions = list(selectors.versions_of(user=user, assessment=assessment))
    answers = versions[0].answers if versions else (assessment.answers or {})
    doc = assessment.framework.doc
    result = score(doc, answers)
    areas = area_rows(result)
    previous = _previous_scores(user, assessment)
    prev_series = [previous["areas"].get(a["id"]) for a in areas] if previous else None
    lang = (get_language() or "ja")[:2]
    gap_rows = [{"id": g.question.id, "text": pick(g.question.text, lang), "practice": pick(g.question.practice, lang),
                 "share": g.share} for g in gaps(result) if g.question.practice]
    source = survey()["source"]
    return {
        "assessment": assessment, "result": result, "areas": areas, "previous": prev_series,
        "placements": placement_rows(placements(result)), "gaps": gap_rows, "version": versions[0] if versions
        else None, "chart": radar([a["name"] for a in areas], [[a["score"] for a in areas]]
                                  + ([prev_series] if prev_series else [])),
        "source": {"title": source["title_ja"], "publisher": source["publisher"], "url": source["url"]},
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
        gaps=data["gaps"], source=data["source"], previous=data["previous"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.pdf"'
    return response

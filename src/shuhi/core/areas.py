"""The areas of shuhi that later capabilities fill in, with what each will hold.

Until an area has its own app, its page explains what it is for and why, so that a manager who
logs in sees the shape of the whole product rather than a dead link.
"""

from django.utils.translation import gettext_lazy as _

AREAS = {
    "disclosures": {
        "title": _("Disclosure register"),
        "lead": _(
            "Record which secret went to which supplier, under which NDA, why and until when, and "
            "stamp the documents you hand over."
        ),
        "empty": _("No disclosures have been recorded yet."),
        "why": _("Give partners only the secrets they need, and mark every document as your secret."),
    },
    "incidents": {
        "title": _("Reports and incidents"),
        "lead": _(
            "A channel for staff to report suspicious handling of secrets, and a register of incidents "
            "with the supply-chain-wide response."
        ),
        "empty": _("No reports or incidents have been recorded yet."),
        "why": _(
            "Only %(small)s of small firms tell staff how to report suspicious handling, against "
            "%(large)s of large firms (IPA FY2023 survey)."
        ),
        "why_figures": {"small": "26.6–30.5%", "large": "54.6–65.8%"},
    },
}


def area_page(slug: str) -> dict:
    """The area's texts in the active language, with the survey figures filled in."""
    area = dict(AREAS[slug])
    figures = area.pop("why_figures", None)
    area["why"] = str(area["why"]) % figures if figures else str(area["why"])
    return area

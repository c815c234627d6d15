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
}


def area_page(slug: str) -> dict:
    """The area's texts in the active language, with the survey figures filled in."""
    area = dict(AREAS[slug])
    figures = area.pop("why_figures", None)
    area["why"] = str(area["why"]) % figures if figures else str(area["why"])
    return area

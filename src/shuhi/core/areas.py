"""The areas of shuhi that later capabilities fill in, with what each will hold.

Until an area has its own app, its page explains what it is for and why, so that a manager who
logs in sees the shape of the whole product rather than a dead link.
"""

from django.utils.translation import gettext_lazy as _

AREAS = {
    "ledger": {
        "title": _("Information-asset ledger"),
        "lead": _(
            "Write down what your trade secrets are, classify them as top secret, confidential or "
            "public, and record where each is stored, how long it is kept and how it is disposed of."
        ),
        "empty": _("No information assets have been registered yet."),
        "why": _(
            "Companies that identify and classify their secrets are far better protected: in IPA's "
            "FY2023 survey 82.1% of firms that put trade secrets first have identification criteria, "
            "against 11.1% of those that do not."
        ),
    },
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
            "Only 26.6–30.5% of small firms tell staff how to report suspicious handling, against "
            "54.6–65.8% of large firms (IPA FY2023 survey)."
        ),
    },
    "logreview": {
        "title": _("Log review"),
        "lead": _(
            "Periodic review of access logs that ranks who needs a look and why, with the reviewer's "
            "sign-off as the record of review."
        ),
        "empty": _("No log reviews have been run yet."),
        "why": _(
            "Periodic log review is practised by 47.7% of firms that treat insider fraud separately "
            "from cybersecurity, against 21.4% of the rest (IPA FY2023 survey)."
        ),
    },
}

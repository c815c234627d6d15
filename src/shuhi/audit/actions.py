"""Readable names for audit actions. Unknown actions show their code, so nothing is hidden."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organisation.create": _("Organisation registered"),
    "department.create": _("Department added"),
    "project.create": _("Project added"),
    "user.create": _("User created"),
    "user.update": _("User changed"),
    "user.language": _("Language changed"),
    "user.login": _("Logged in"),
    "user.2fa.enable": _("Two-factor authentication turned on"),
    "user.2fa.disable": _("Two-factor authentication turned off"),
    "invitation.create": _("Invitation created"),
    "invitation.accept": _("Invitation accepted"),
    "invitation.revoke": _("Invitation revoked"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
    "job.enqueue": _("Background job started"),
    "tier.create": _("Tier added"),
    "tier.update": _("Tier changed"),
    "rule.create": _("Classification rule added"),
    "rule.update": _("Classification rule changed"),
    "rule.delete": _("Classification rule removed"),
    "location.create": _("Storage location added"),
    "location.update": _("Storage location changed"),
    "asset.create": _("Asset added"),
    "asset.update": _("Asset changed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))

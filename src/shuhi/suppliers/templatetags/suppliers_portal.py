from django import template

from shuhi.suppliers.selectors import portal_summary

register = template.Library()


@register.inclusion_tag("suppliers/portal_summary.html", takes_context=True)
def portal_card(context):
    """The supplier's open assessments, for the dashboard (whose view belongs to the core app)."""
    return {"portal": portal_summary(user=context["request"].user), "request": context["request"]}

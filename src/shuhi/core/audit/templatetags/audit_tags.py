from django import template

from shuhi.core.audit.actions import action_label as label_for
from shuhi.core.audit.selectors import object_type_label as type_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label_for(action)


@register.filter
def object_type_label(object_type: str) -> str:
    return type_label(object_type)

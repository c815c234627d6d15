"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def policy_edit(request, *args, **kwargs):
    raise Http404

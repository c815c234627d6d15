"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def nda_import(request, *args, **kwargs):
    raise Http404


def nda_template(request, *args, **kwargs):
    raise Http404

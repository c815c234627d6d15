"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def nda_list(request, *args, **kwargs):
    raise Http404


def nda_new(request, *args, **kwargs):
    raise Http404


def nda_detail(request, *args, **kwargs):
    raise Http404


def nda_edit(request, *args, **kwargs):
    raise Http404


def nda_activate_view(request, *args, **kwargs):
    raise Http404


def nda_terminate_view(request, *args, **kwargs):
    raise Http404


def nda_document(request, *args, **kwargs):
    raise Http404

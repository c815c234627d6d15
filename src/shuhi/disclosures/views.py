"""Placeholder until the pages land."""

from django.http import Http404


def disclosure_list(request):
    raise Http404


def portal(request):
    raise Http404

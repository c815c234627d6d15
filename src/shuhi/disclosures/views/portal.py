"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def portal(request, *args, **kwargs):
    raise Http404


def portal_disclosure(request, *args, **kwargs):
    raise Http404


def portal_redisclose(request, *args, **kwargs):
    raise Http404


def portal_nda(request, *args, **kwargs):
    raise Http404


def portal_notice(request, *args, **kwargs):
    raise Http404

"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def disclosure_list(request, *args, **kwargs):
    raise Http404


def disclosure_new(request, *args, **kwargs):
    raise Http404


def disclosure_detail(request, *args, **kwargs):
    raise Http404


def disclosure_decide_view(request, *args, **kwargs):
    raise Http404


def disclosure_file_add(request, *args, **kwargs):
    raise Http404


def disclosure_hand_over_view(request, *args, **kwargs):
    raise Http404


def disclosure_withdraw_view(request, *args, **kwargs):
    raise Http404


def disclosure_receipt_view(request, *args, **kwargs):
    raise Http404


def disclosure_end_view(request, *args, **kwargs):
    raise Http404


def disclosure_certificate(request, *args, **kwargs):
    raise Http404


def disclosed_file_download(request, *args, **kwargs):
    raise Http404


def disclosed_file_remove_view(request, *args, **kwargs):
    raise Http404

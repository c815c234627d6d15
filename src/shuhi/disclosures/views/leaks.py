"""Not built yet: every page answers 404 until it lands."""

from django.http import Http404


def leak_list(request, *args, **kwargs):
    raise Http404


def leak_trace(request, *args, **kwargs):
    raise Http404


def leak_new(request, *args, **kwargs):
    raise Http404


def leak_detail(request, *args, **kwargs):
    raise Http404


def leak_note(request, *args, **kwargs):
    raise Http404


def leak_close(request, *args, **kwargs):
    raise Http404


def holders_view(request, *args, **kwargs):
    raise Http404


def evidence_pack(request, *args, **kwargs):
    raise Http404


def evidence_pack_pdf(request, *args, **kwargs):
    raise Http404


def evidence_pack_json(request, *args, **kwargs):
    raise Http404

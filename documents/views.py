"""Letter preview and downloads. Provincial staff of the round's province and admins only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from documents.letters import RoundNotReady, letter_html, letter_pdf
from documents.pdf import asset_paths
from selection.models import Round


def _get_round_for_user(request, slug: str) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("program", "province"), slug=slug)
    user = request.user
    # Admins see every round; provincial staff and district officers their province's.
    if user.is_admin or user.province_id == round_.province_id:
        return round_
    raise PermissionDenied("ไม่มีสิทธิ์ดูหนังสือของรอบนี้")


@login_required
def letter_preview(request, slug):
    round_ = _get_round_for_user(request, slug)
    try:
        return HttpResponse(letter_html(round_, preview=True))
    except RoundNotReady as problem:
        return render(
            request,
            "documents/letter_blocked.html",
            {"round": round_, "messages_th": problem.messages},
            status=409,
        )


@login_required
def letter_download(request, slug):
    round_ = _get_round_for_user(request, slug)
    try:
        result = letter_pdf(round_)
    except RoundNotReady as problem:
        return render(
            request,
            "documents/letter_blocked.html",
            {"round": round_, "messages_th": problem.messages},
            status=409,
        )
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{round_.slug}.pdf"'
    return response


@login_required
def emblem(request):
    path = asset_paths().get("garuda")
    if path is None or not path.is_file():
        raise Http404("ไม่พบไฟล์ตราครุฑ")
    return FileResponse(path.open("rb"))

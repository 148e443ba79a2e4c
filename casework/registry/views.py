from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from permissions import rules


@login_required
def case_list(request):
    cases = rules.cases_visible_to(request.user)[:50]
    return render(request, "registry/case_list.html", {"cases": cases})


@login_required
def case_detail(request, pk):
    case = rules.get_case_for_user_or_404(request.user, pk)
    return render(request, "registry/case_detail.html", {"case": case})


@login_required
def document_detail(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    return render(request, "registry/document_detail.html", {"document": document})

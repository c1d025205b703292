from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.knowledge.forms import calculate
from court12368.knowledge.queries import answer


@login_required
def search(request):
    """The console's knowledge panel (htmx partial)."""
    return render(request, "knowledge/_results.html", {"answer": answer(request.GET.get("q", ""))})


@login_required
def calculators(request):
    """Fee and period calculators for staff, with the court's provincial figures."""
    return render(request, "knowledge/calculators.html", calculate(request.GET, request.user.court))

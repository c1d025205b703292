from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.knowledge import classifier
from court12368.knowledge.queries import answer


@login_required
def search(request):
    """The console's knowledge panel (htmx partial)."""
    return render(request, "knowledge/_results.html", {"answer": answer(request.GET.get("q", ""))})


@login_required
def classify(request):
    """The console's suggestion for the type of what the agent is typing (htmx partial)."""
    text = request.GET.get("content", "").strip()
    suggestion = classifier.current().suggest(text) if len(text) >= 4 else None
    return render(request, "knowledge/_suggestion.html", {"suggestion": suggestion})

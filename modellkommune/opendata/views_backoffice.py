"""Back office of the open-data catalogue: the metadata quality (MQA) of every dataset."""

from django.shortcuts import render

from modellkommune.accounts.permissions import back_office_required

from .quality import DIMENSIONS, MAX_SCORE
from .selectors import quality_history, quality_overview


@back_office_required
def quality(request):
    overview = quality_overview()
    return render(
        request,
        "opendata/backoffice/quality.html",
        {
            "catalogue": overview["catalogue"],
            "datasets": overview["datasets"],
            "history": quality_history(),
            "dimensions": [(label, overview["catalogue"].dimensions[key]) for key, label in DIMENSIONS.items()],
            "max_score": MAX_SCORE,
        },
    )

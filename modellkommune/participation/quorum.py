"""How many residents must support an Einwohnerantrag: § 25 Abs. 3 GO NRW, written out.

  (3) Der Einwohnerantrag muss unterzeichnet sein,
      1. in kreisangehörigen Gemeinden von mindestens 5 vom Hundert der Einwohner,
         höchstens jedoch von 4 000 Einwohnern,
      2. in kreisfreien Städten von mindestens 4 vom Hundert der Einwohner,
         höchstens jedoch 8 000 Einwohnern.

The town says which kind it is (`PARTICIPATION_MUNICIPALITY_KIND`); the number of residents is the
municipality's record. `PARTICIPATION_MOTION_QUORUM` overrides the result (e.g. for a demo)."""

from __future__ import annotations

import math

from django.conf import settings

# kind → (share of residents, upper limit)
QUORUM = {
    "kreisangehoerig": (0.05, 4000),
    "kreisfrei": (0.04, 8000),
}


def motion_quorum(*, population: int | None) -> int:
    override = getattr(settings, "PARTICIPATION_MOTION_QUORUM", 0)
    if override:
        return override
    share, cap = QUORUM[getattr(settings, "PARTICIPATION_MUNICIPALITY_KIND", "kreisangehoerig")]
    if not population:
        return cap
    return min(math.ceil(population * share), cap)

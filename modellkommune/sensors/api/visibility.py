"""What a caller may see (issue 11.5). Internal (multi)datastreams are readable only with a token whose scope
covers them; everything that exists only for hidden streams is hidden with them, on every path a request can
take (collections, entities, navigation URLs, $expand, and every navigation inside $filter):

- an Observation is hidden with its (multi)datastream;
- a Thing, Sensor or ObservedProperty is hidden when it has (multi)datastreams and all of them are hidden;
- a HistoricalLocation is hidden with its Thing; a Location when it has Things (now or in its history) and all
  of them are hidden; a FeatureOfInterest when it has observations and all of them are hidden.

So every to-one navigation from a visible entity leads to a visible entity; to-many navigations are filtered.
The sets are computed once per request and only when nothing is hidden is nothing queried."""

from django.db.models import Exists, OuterRef, Q

from ..models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    MultiDatastream,
    Observation,
    Thing,
)

STREAMS = (Datastream, MultiDatastream)


class Visibility:
    def __init__(self, guard):
        self.guard = guard
        self._cache: dict = {}

    def _memo(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def streams(self, model) -> list[int]:
        if model not in self._cache:  # both kinds of stream in one query: every request asks for both
            both = self.guard.hidden_stream_ids_all()
            self._cache.setdefault(Datastream, both[Datastream])
            self._cache.setdefault(MultiDatastream, both[MultiDatastream])
        return self._cache[model]

    @property
    def anything_hidden(self) -> bool:
        return bool(self.streams(Datastream) or self.streams(MultiDatastream))

    # ---- hidden ids per entity type -------------------------------------------------------------
    def hidden_ids(self, model) -> list[int]:
        if model in STREAMS:
            return self.streams(model)
        if not self.anything_hidden:
            return []
        return self._memo(("ids", model), lambda: sorted(getattr(self, f"_hidden_{model.__name__.lower()}")()))

    def _exclusively_hidden(self, column: str, mds_column: str) -> set[int]:
        """Ids in `column` of hidden streams that no visible stream uses."""
        hidden_ds, hidden_mds = self.streams(Datastream), self.streams(MultiDatastream)
        candidates = set(Datastream.objects.filter(pk__in=hidden_ds).values_list(column, flat=True))
        candidates |= set(MultiDatastream.objects.filter(pk__in=hidden_mds).values_list(mds_column, flat=True))
        candidates.discard(None)
        used = set(
            Datastream.objects.filter(**{f"{column}__in": candidates})
            .exclude(pk__in=hidden_ds)
            .values_list(column, flat=True)
        )
        used |= set(
            MultiDatastream.objects.filter(**{f"{mds_column}__in": candidates})
            .exclude(pk__in=hidden_mds)
            .values_list(mds_column, flat=True)
        )
        return candidates - used

    def _hidden_thing(self) -> set[int]:
        return self._exclusively_hidden("thing_id", "thing_id")

    def _hidden_sensor(self) -> set[int]:
        return self._exclusively_hidden("sensor_id", "sensor_id")

    def _hidden_observedproperty(self) -> set[int]:
        return self._exclusively_hidden("observed_property_id", "observed_properties__id")

    def _hidden_historicallocation(self) -> set[int]:
        things = self.hidden_ids(Thing)
        return set(HistoricalLocation.objects.filter(thing_id__in=things).values_list("pk", flat=True))

    def _hidden_location(self) -> set[int]:
        things = self.hidden_ids(Thing)
        links, history = Thing.locations.through, HistoricalLocation.locations.through
        candidates = set(links.objects.filter(thing_id__in=things).values_list("location_id", flat=True))
        candidates |= set(
            history.objects.filter(historicallocation__thing_id__in=things).values_list("location_id", flat=True)
        )
        used = set(
            links.objects.filter(location_id__in=candidates)
            .exclude(thing_id__in=things)
            .values_list("location_id", flat=True)
        )
        used |= set(
            history.objects.filter(location_id__in=candidates)
            .exclude(historicallocation__thing_id__in=things)
            .values_list("location_id", flat=True)
        )
        return candidates - used

    def _hidden_featureofinterest(self) -> set[int]:
        hidden = self.observation_hidden_q("")
        candidates = set(
            Observation.objects.filter(hidden).order_by().values_list("feature_of_interest_id", flat=True).distinct()
        )
        visible_use = Observation.objects.filter(feature_of_interest_id=OuterRef("pk")).exclude(hidden)
        used = FeatureOfInterest.objects.filter(pk__in=candidates).filter(Exists(visible_use))
        return candidates - set(used.values_list("pk", flat=True))

    # ---- conditions ---------------------------------------------------------------------------
    def observation_hidden_q(self, prefix: str) -> Q:
        p = f"{prefix}__" if prefix else ""
        q = Q(pk__in=[])
        if self.streams(Datastream):
            q |= Q(**{f"{p}datastream_id__in": self.streams(Datastream)})
        if self.streams(MultiDatastream):
            q |= Q(**{f"{p}multi_datastream_id__in": self.streams(MultiDatastream)})
        return q

    def stream_hidden_q(self) -> Q | None:
        """ "This (multi)datastream is hidden" as a condition on its own row, so a page of streams needs no
        separate query for the hidden ids: internal, and neither its Thing nor its sector in the token's
        scope (the same rule as Guard.hidden_stream_ids)."""
        if self.guard.everything:
            return None
        q = Q(internal=True)
        if self.guard.things:
            q &= ~Q(thing_id__in=sorted(self.guard.things))
        if self.guard.sectors:
            q &= ~Q(sector__code__in=sorted(self.guard.sectors))
        return q

    def restrict(self, model, queryset):
        """The queryset without what the caller may not see."""
        if model in STREAMS:
            hidden = self.stream_hidden_q()
            return queryset.exclude(hidden) if hidden is not None else queryset
        if model is Observation:
            return queryset.exclude(self.observation_hidden_q("")) if self.anything_hidden else queryset
        hidden = self.hidden_ids(model)
        return queryset.exclude(pk__in=hidden) if hidden else queryset

    def is_hidden(self, model, obj) -> bool:
        if model is Observation:
            return (obj.datastream_id is not None and obj.datastream_id in self.streams(Datastream)) or (
                obj.multi_datastream_id is not None and obj.multi_datastream_id in self.streams(MultiDatastream)
            )
        if model in STREAMS and not obj.internal:
            return False  # only internal streams are ever hidden: no query for the common case
        return obj.pk in self.hidden_ids(model)

    def joined_q(self, model, prefix: str) -> Q | None:
        """A positive condition "the entity reached through `prefix` is visible", for $filter paths. Positive
        (an IN over visible ids), so that Django applies it to the same join as the comparison beside it, also
        under `not`, where both move into one subquery."""
        if not self.anything_hidden:
            return None
        if model is Observation:
            ds = Datastream.objects.exclude(pk__in=self.streams(Datastream)).values("pk")
            mds = MultiDatastream.objects.exclude(pk__in=self.streams(MultiDatastream)).values("pk")
            return Q(**{f"{prefix}__datastream__in": ds}) | Q(**{f"{prefix}__multi_datastream__in": mds})
        hidden = self.hidden_ids(model)
        if not hidden:
            return None
        return Q(**{f"{prefix}__pk__in": model.objects.exclude(pk__in=hidden).values("pk")})

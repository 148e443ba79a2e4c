"""Search and filters of the case list."""

import django_filters
from django.db.models import CharField, Q, Value
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.registry.models import Case
from permissions import rules

# Å, Ä, Ö come last and in that order in the Swedish alphabet; é sorts as e.
_SWEDISH_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_order(text: str) -> str:
    """A sort key that orders names as a Swedish dictionary does."""
    return text.casefold().translate(_SWEDISH_LETTERS)


def filter_choices(user) -> dict[str, list[tuple[int, str]]]:
    """The registers and organisations whose cases ``user`` may see, as
    ``{"register": [(id, name), …], "organisation": […]}``, in one query."""
    registers = rules.registers_visible_to(user).annotate(
        row_kind=Value("register", output_field=CharField())
    )
    organisations = rules.organisations_with_cases_visible_to(user).annotate(
        row_kind=Value("organisation", output_field=CharField())
    )
    rows = (
        registers.values_list("row_kind", "pk", "name")
        .order_by()
        .union(organisations.values_list("row_kind", "pk", "name").order_by(), all=True)
    )
    choices = {"register": [], "organisation": []}
    for kind, pk, name in sorted(rows, key=lambda row: (swedish_order(row[2]), row[1])):
        choices[kind].append((pk, name))
    return choices


class CaseFilter(django_filters.FilterSet):
    """Narrows the cases a user may see; the choices offered are only those of
    registers and organisations whose cases the user may see."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Registration number or words in the title."),
    )
    register = django_filters.ChoiceFilter(
        label=_("Register"), empty_label=_("All registers")
    )
    organisation = django_filters.ChoiceFilter(
        label=_("Organisation"), empty_label=_("All organisations")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, capfirst(label)) for value, label in Case.Status.choices],
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Case
        fields = ["q", "register", "organisation", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        choices = filter_choices(request.user)
        for name in ("register", "organisation"):
            self.filters[name].extra["choices"] = choices[name]

    def search(self, queryset, name, value):
        words = value.split()
        if not words:
            return queryset
        number = Q(registration_number__icontains=value.strip())
        title = Q()
        for word in words:
            title &= Q(title__icontains=word)
        return queryset.filter(number | title)

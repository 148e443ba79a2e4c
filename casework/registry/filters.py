"""Search and filters of the case list."""

import django_filters
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.registry.models import Case
from permissions import rules


def _registers(request):
    return rules.registers_visible_to(request.user)


def _organisations(request):
    return rules.organisations_with_cases_visible_to(request.user)


class CaseFilter(django_filters.FilterSet):
    """Narrows the cases a user may see; the choices offered are only those of
    registers and organisations whose cases the user may see."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Registration number or words in the title."),
    )
    register = django_filters.ModelChoiceFilter(
        label=_("Register"), queryset=_registers, empty_label=_("All registers")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=_organisations,
        empty_label=_("All organisations"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, capfirst(label)) for value, label in Case.Status.choices],
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Case
        fields = ["q", "register", "organisation", "status"]

    def search(self, queryset, name, value):
        words = value.split()
        if not words:
            return queryset
        number = Q(registration_number__icontains=value.strip())
        title = Q()
        for word in words:
            title &= Q(title__icontains=word)
        return queryset.filter(number | title)

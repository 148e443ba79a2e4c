import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.registry import services
from tests.builders import make_case

pytestmark = pytest.mark.django_db


def test_a_ks_case_gets_the_classification_sequence_and_year(city, registrar):
    """R75: KS numbers read NNN-N/YYYY with the classification code first."""
    case = make_case(
        city.ks_register,
        registrar,
        classification="006",
        registered_on=datetime.date(2011, 3, 1),
    )
    assert case.registration_number == "006-1/2011"


def test_trafikkontoret_numbers_are_zero_padded_per_year(city, t_registrar):
    """R75: trafikkontoret numbers read T2016-01906."""
    first = make_case(
        city.t_register, t_registrar, registered_on=datetime.date(2016, 5, 2)
    )
    second = make_case(
        city.t_register, t_registrar, registered_on=datetime.date(2016, 5, 3)
    )
    next_year = make_case(
        city.t_register, t_registrar, registered_on=datetime.date(2017, 1, 2)
    )
    assert [first.registration_number, second.registration_number] == [
        "T2016-00001",
        "T2016-00002",
    ]
    assert next_year.registration_number == "T2017-00001"


def test_an_imported_number_moves_the_counter_past_it(city, t_registrar):
    services.import_case(
        register=city.t_register,
        registration_number="T2016-01906",
        title="Internationell strategi för Stockholms stad",
        registered_on=datetime.date(2016, 8, 17),
        actor=t_registrar,
        reason="imported",
    )
    case = make_case(
        city.t_register, t_registrar, registered_on=datetime.date(2016, 9, 1)
    )
    assert case.registration_number == "T2016-01907"


def test_a_ks_case_without_classification_is_refused(city, registrar):
    with pytest.raises(ValidationError) as error:
        services.register_case(register=city.ks_register, title="X", actor=registrar)
    assert error.value.error_dict["classification"][0].code == "classification_required"

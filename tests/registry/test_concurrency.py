"""Registration numbers under concurrency: unique and gap-free per register-year."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from casework.registry import services
from casework.registry.models import Case

PARALLEL = 50

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; CI runs the suite on PostgreSQL too",
)


def register_in_parallel(register, actor, count):
    barrier = threading.Barrier(count)

    def register_one(index):
        barrier.wait()
        try:
            case = services.register_case(
                register=register,
                title=f"Parallell registrering {index}",
                actor=actor,
                registered_on=datetime.date(2016, 9, 22),
            )
            return case.sequence
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(register_one, range(count)))


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_registrations_get_fifty_consecutive_numbers(city, t_registrar):
    """R1, R75: numbers are unique in their register and allocated without gaps."""
    sequences = register_in_parallel(city.t_register, t_registrar, PARALLEL)
    assert sorted(sequences) == list(range(1, PARALLEL + 1))
    numbers = set(Case.objects.values_list("registration_number", flat=True))
    assert numbers == {f"T2016-{n:05}" for n in range(1, PARALLEL + 1)}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_in_two_registers_do_not_share_a_counter(
    city, t_registrar, system_user
):
    """R1: each register has its own number series."""
    half = PARALLEL // 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        t_numbers, e_numbers = pool.map(
            lambda register: register_in_parallel(register, system_user, half),
            [city.t_register, city.e_register],
        )
    assert sorted(t_numbers) == sorted(e_numbers) == list(range(1, half + 1))

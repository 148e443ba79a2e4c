"""Personas named after the people in the seeds, and the organisations they work in."""

import datetime
from types import SimpleNamespace

import pytest

from casework.directory import services as directory
from casework.registry import services as registry
from tests.builders import (
    Kind,
    Role,
    administrator,
    make_organisation,
    make_staff,
)


@pytest.fixture
def system_user(db):
    return administrator()


@pytest.fixture
def city(system_user):
    """KS with stadsledningskontoret, trafiknämnden with trafikkontoret and
    exploateringsnämnden with exploateringskontoret, each with a register."""
    actor = system_user
    ks = make_organisation("ks", "Kommunstyrelsen", Kind.EXECUTIVE_BOARD, actor=actor)
    slk = make_organisation(
        "slk", "Stadsledningskontoret", Kind.DEPARTMENT, serves=ks, actor=actor
    )
    trn = make_organisation("trn", "Trafiknämnden", Kind.COMMITTEE, actor=actor)
    tk = make_organisation(
        "tk", "Trafikkontoret", Kind.DEPARTMENT, serves=trn, actor=actor
    )
    expn = make_organisation(
        "expn", "Exploateringsnämnden", Kind.COMMITTEE, actor=actor
    )
    expk = make_organisation(
        "expk", "Exploateringskontoret", Kind.DEPARTMENT, serves=expn, actor=actor
    )
    ks_register = registry.create_register(
        organisation=ks,
        code="ks",
        name="Kommunstyrelsens diarium",
        number_format="{classification}-{seq}/{year}",
        number_pattern=r"(?P<classification>\d{3})-(?P<seq>\d{1,5})/(?P<year>\d{4})",
        requires_classification=True,
        actor=actor,
        reason="test set-up",
    )
    t_register = registry.create_register(
        organisation=tk,
        code="tk",
        name="Trafikkontorets diarium",
        number_format="T{year}-{seq:05}",
        number_pattern=r"T(?P<year>\d{4})-(?P<seq>\d{5})",
        actor=actor,
        reason="test set-up",
    )
    e_register = registry.create_register(
        organisation=expk,
        code="expk",
        name="Exploateringskontorets diarium",
        number_format="E{year}-{seq:05}",
        number_pattern=r"E(?P<year>\d{4})-(?P<seq>\d{5})",
        actor=actor,
        reason="test set-up",
    )
    return SimpleNamespace(
        ks=ks,
        slk=slk,
        trn=trn,
        tk=tk,
        expn=expn,
        expk=expk,
        ks_register=ks_register,
        t_register=t_register,
        e_register=e_register,
    )


@pytest.fixture
def registrar(city):
    """Rolf Registrator at stadsledningskontoret."""
    return make_staff(
        "registrator",
        Role.REGISTRAR,
        city.slk,
        first_name="Rolf",
        last_name="Registrator",
    )


@pytest.fixture
def t_registrar(city):
    return make_staff("registrator.tk", Role.REGISTRAR, city.tk)


@pytest.fixture
def karin(city):
    """Karin Dhakal, case officer at trafikkontoret."""
    return make_staff(
        "karin.dhakal",
        Role.CASE_OFFICER,
        city.tk,
        first_name="Karin",
        last_name="Dhakal",
    )


@pytest.fixture
def jonas(city):
    """Jonas Eliasson, head of department at trafikkontoret."""
    return make_staff(
        "jonas.eliasson",
        Role.HEAD_OF_DEPARTMENT,
        city.tk,
        first_name="Jonas",
        last_name="Eliasson",
    )


@pytest.fixture
def anders(city):
    """Anders Hallberg, case officer at exploateringskontoret."""
    return make_staff(
        "anders.hallberg",
        Role.CASE_OFFICER,
        city.expk,
        first_name="Anders",
        last_name="Hallberg",
    )


@pytest.fixture
def hakan(city):
    """Håkan Falk, head of department at exploateringskontoret."""
    return make_staff(
        "hakan.falk",
        Role.HEAD_OF_DEPARTMENT,
        city.expk,
        first_name="Håkan",
        last_name="Falk",
    )


@pytest.fixture
def mp_party(system_user):
    return directory.create_party(
        code="MP", name="Miljöpartiet de gröna", actor=system_user, reason="test set-up"
    )


@pytest.fixture
def mp_secretary(city, mp_party):
    return make_staff("partisekreterare.mp", Role.PARTY_SECRETARY, party=mp_party)


@pytest.fixture
def auditor(city):
    return make_staff("revisor", Role.AUDITOR, first_name="Revi", last_name="Sor")


@pytest.fixture
def remiss_date():
    return datetime.date(2016, 8, 17)


# Figures that tests on other processes (pytest-xdist) report, listed at the end
# of the run as a run in one process lists them (tests/security/conftest.py).
WORKER_FIGURES: list[str] = []


def pytest_runtest_logreport(report):
    if getattr(report, "node", None) is not None:
        WORKER_FIGURES.extend(
            value for key, value in report.user_properties if key == "figure"
        )


def pytest_terminal_summary(terminalreporter):
    if WORKER_FIGURES:
        terminalreporter.section("security figures")
        for line in WORKER_FIGURES:
            terminalreporter.write_line(line)

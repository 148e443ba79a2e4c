"""A letter from a resident with a passage about her health, in a case of
trafikkontoret, for requests, masks and publication (R63–R66)."""

import datetime

import pytest

from casework.registry import services as registry
from casework.registry.models import Document
from tests.builders import Role, make_case, make_document, make_staff

SET_UP = "test set-up"
LETTER = (
    "Jag ber om snöröjning av gångbanan på Hornsgatan.\n"
    "Jag har en hjärtsjukdom och kan inte gå i snö.\n"
    "Med vänlig hälsning"
)
SECRET = "Jag har en hjärtsjukdom och kan inte gå i snö."


@pytest.fixture
def letter(city, t_registrar, karin):
    case = make_case(
        city.t_register, t_registrar, title="Snöröjning Hornsgatan", case_officer=karin
    )
    return make_document(
        case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        title="Skrivelse om snöröjning",
        public_description="Skrivelse om snöröjning på Hornsgatan",
        counterpart="Privatperson",
        body=LETTER,
    )


@pytest.fixture
def draft(letter, t_registrar):
    return make_document(letter.case, t_registrar, body="Utkast till svar")


def mark(document, actor, provision="OSL 21 kap. 1 §"):
    return registry.mark_confidential(
        document=document,
        provision=provision,
        marked_on=datetime.date(2016, 8, 20),
        authority=document.case.organisation,
        actor=actor,
        reason=SET_UP,
    )


@pytest.fixture
def e_registrar(city):
    return make_staff("registrator.expk", Role.REGISTRAR, city.expk)


@pytest.fixture
def t_head(jonas):
    return jonas

"""The measured operations of QUALITY_BARS.md, each as ours, baseline and floor.

L1 is the case list (page 1: 50 rows and the count), L3 the list filtered by
status and by register, D1 the case detail; each for the case officer and for the
auditor. Ours is the real page through the test client.
"""

import copy
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from django.test import Client
from django.urls import reverse

from casework.bench import baseline, floor


class PageError(Exception):
    """The page answered with something other than 200 OK."""


@dataclass
class Op:
    code: str
    persona: str
    what: str
    variants: dict


class Persona(NamedTuple):
    label: str
    user: object
    client: Client
    register: object

    @property
    def auditor(self) -> bool:
        return self.label == "auditor"


def build(personas) -> list[Op]:
    ops = []
    for label, user, register in (
        ("officer", personas.officer, personas.register),
        ("auditor", personas.auditor, personas.largest_register),
    ):
        persona = Persona(label, user, _client(user), register)
        ops += [
            _list_op("L1", "list", persona, {}),
            _list_op("L3", "list ?status=", persona, {"status": personas.status}),
            _list_op("L3", "list ?register=", persona, {"register": register.pk}),
            _detail_op(persona, personas.case.pk),
        ]
    return ops


def _client(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def _list_op(code: str, what: str, persona: Persona, filters: dict) -> Op:
    user, auditor = persona.user, persona.auditor
    return Op(
        code,
        persona.label,
        what,
        {
            "ours": partial(
                _get, persona.client, reverse("registry:case_list"), filters
            ),
            "baseline": lambda: baseline.case_list(_fresh(user), filters=filters),
            "floor": partial(floor.case_list, user, auditor=auditor, filters=filters),
        },
    )


def _detail_op(persona: Persona, pk: int) -> Op:
    user, auditor = persona.user, persona.auditor
    url = reverse("registry:case_detail", args=[pk])
    return Op(
        "D1",
        persona.label,
        "case detail",
        {
            "ours": partial(_get, persona.client, url, {}),
            "baseline": lambda: baseline.case_detail(_fresh(user), pk, auditor=auditor),
            "floor": partial(floor.case_detail, user, pk, auditor=auditor),
        },
    )


def _get(client: Client, url: str, params: dict):
    """GET over HTTPS, as in production (no redirect, secure cookies sent)."""
    response = client.get(url, params, secure=True)
    if response.status_code != 200:
        raise PageError(f"HTTP {response.status_code}")
    return response


def _fresh(user):
    """A copy without the permission caches a request's user starts without."""
    return copy.copy(user)

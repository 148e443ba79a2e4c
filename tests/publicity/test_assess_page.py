"""The registrar's assessment page reads like the other forms: each outcome
offered with a capital letter, as the receipt page shows it (R63)."""

import pytest
from django.urls import reverse

from casework.publicity.services import requests as services

pytestmark = pytest.mark.django_db


def test_the_outcomes_of_an_assessment_are_offered_capitalised_R63(
    client, city, t_registrar
):
    request = services.receive_request(organisation=city.tk, asked_for="Skrivelsen")
    client.force_login(t_registrar)
    page = client.get(reverse("publicity:request_assess", args=[request.pk]))
    labels = [label for _, label in page.context["form"].fields["outcome"].choices]
    assert [str(label) for label in labels] == [
        "Lämnas ut i sin helhet",
        "Lämnas ut med maskerade avsnitt",
        "Avslaget",
    ]

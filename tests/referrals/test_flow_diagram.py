"""The case page shows the case's referral or response flow as an inline SVG
diagram with the current step marked, and the steps as a list for screen
readers (issue 4, "Fixtures and UI")."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as t

from casework.referrals.diagram import diagram
from tests.workflows import test_referral_flow as remiss
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow

deadline = remiss.deadline
ks_case = remiss.ks_case
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering
e_registrar = remiss.e_registrar

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(ks_case, slk_officer, deadline, trafik):
    return remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation),
        slk_officer,
    )


def test_the_referral_flow_marks_its_done_and_current_steps(sent):
    steps = {step.name: step for step in diagram(sent)["steps"]}
    assert steps["dispatch"].state == "done"
    assert steps["wait_for_answer"].state == "current"
    assert steps["compile_answers"].state == ""
    assert steps["dispatch"].title == str(ReferralFlow.dispatch.task_title)


def test_the_ks_case_page_shows_the_referral_flow(client, sent, ks_case, slk_officer):
    client.force_login(slk_officer)
    response = client.get(reverse("registry:case_detail", args=[ks_case.pk]))
    page = response.content.decode()
    svg = re.search(r"<svg[^>]*class=\"flow-diagram\".*?</svg>", page, re.S).group(0)
    assert 'aria-hidden="true"' in svg
    assert "<style" not in svg and "style=" not in svg  # CSP: style-src 'self'
    assert 'class="flow-step is-current"' in svg
    assert "css/flow_diagram.css" in page
    # the text alternative: every step with its state
    steps = re.search(r'<ol class="flow-steps">(.*?)</ol>', page, re.S).group(1)
    assert f"{ReferralFlow.dispatch.task_title}: {t('done')}" in steps
    assert f"{ReferralFlow.wait_for_answer.task_title}: {t('in progress')}" in steps
    assert f"{ReferralFlow.compile_answers.task_title}: {t('not reached')}" in steps


def test_the_committee_case_page_shows_the_response_flow(client, sent, trafik):
    recipient = remiss.recipient_of(sent, trafik)
    remiss.register_and_assign(recipient, trafik)
    client.force_login(trafik.officer)
    page = client.get(
        reverse("registry:case_detail", args=[recipient.committee_case.pk])
    ).content.decode()
    assert str(ResponseFlow.process_title) in page
    steps = re.search(r'<ol class="flow-steps">(.*?)</ol>', page, re.S).group(1)
    assert f"{ResponseFlow.register.task_title}: {t('done')}" in steps
    assert f"{ResponseFlow.draft_report.task_title}: {t('in progress')}" in steps
    assert 'class="is-current"' in steps
    labels = set(re.findall(r'<text class="edge-label"[^>]*>([^<]*)</text>', page))
    assert labels == {t("yes"), t("no")}  # the branches' labels are translated


def test_a_case_without_a_flow_shows_no_diagram(client, ks_case, slk_officer):
    client.force_login(slk_officer)
    page = client.get(reverse("registry:case_detail", args=[ks_case.pk]))
    assert b"flow-diagram" not in page.content


def test_two_referral_flows_of_one_case_have_distinct_headings(
    client, sent, ks_case, slk_officer, deadline, exploatering
):
    """Each flow's section is named by its own heading (WCAG 2.4.6): the
    deadline tells two referrals apart, and a number two with one deadline."""
    remiss.start(ks_case, slk_officer, deadline, exploatering.organisation)
    client.force_login(slk_officer)
    page = client.get(reverse("registry:case_detail", args=[ks_case.pk]))
    headings = re.findall(
        r'<h2 id="flow-\d+-heading">(.*?)</h2>', page.content.decode(), re.S
    )
    assert len(headings) == 2
    assert len(set(headings)) == 2, headings


def test_the_response_flows_heading_names_the_referring_body(
    client, sent, trafik, ks_case
):
    recipient = remiss.recipient_of(sent, trafik)
    remiss.register_and_assign(recipient, trafik)
    client.force_login(trafik.officer)
    page = client.get(
        reverse("registry:case_detail", args=[recipient.committee_case.pk])
    ).content.decode()
    heading = re.search(r'<h2 id="flow-\d+-heading">(.*?)</h2>', page, re.S).group(1)
    assert str(ks_case.organisation) in heading


def test_the_registrars_button_says_register_the_referral(client, sent, trafik):
    """The button names the act, not the register ("Diarium")."""
    recipient = remiss.recipient_of(sent, trafik)
    task = remiss.open_task(recipient.process, ResponseFlow.register)
    client.force_login(trafik.registrar)
    page = client.get(reverse("tasks:task", args=[task.pk])).content.decode()
    buttons = re.findall(r"<button[^>]*>(.*?)</button>", page, re.S)
    assert "Registrera remissen" in [b.strip() for b in buttons]
    assert "Diarium" not in [b.strip() for b in buttons]

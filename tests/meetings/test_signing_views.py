"""Signing the minutes over HTTP: the person whose signature is due finds
"Justera protokollet" on the meeting page and in the list of meetings; the
secretary records a signature made on paper with its evidence (R24, R27)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as t

from casework.meetings.models import ApprovalMethod, Minutes, MinutesApproval
from tests.meetings.test_signing import REFERENCE

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def sign_url(meeting):
    return url("minutes_approve", meeting.pk)


def test_the_chair_finds_the_minutes_to_sign_and_signs_them_R24(
    client, meeting, drawn_up, chair_user, checker_user
):
    client.force_login(chair_user)
    listing = client.get(url("meeting_list")).content.decode()
    assert t("Minutes awaiting your signature") in listing
    assert sign_url(meeting) in listing
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert sign_url(meeting) in page
    assert t("Approve the minutes") in page
    form = client.get(sign_url(meeting))
    response = client.post(sign_url(meeting), {"digest": form.context["digest"]})
    assert response.status_code == 302
    signature = MinutesApproval.objects.get()
    assert signature.recorded_by == chair_user
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert sign_url(meeting) not in page
    assert (
        t("Minutes awaiting your signature")
        not in client.get(url("meeting_list")).content.decode()
    )
    client.force_login(checker_user)
    client.post(sign_url(meeting), {"digest": form.context["digest"]})
    assert Minutes.objects.get().is_approved


def test_a_member_who_does_not_sign_sees_no_signing_action_R24(
    client, meeting, drawn_up, member_user
):
    client.force_login(member_user)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert sign_url(meeting) not in page.content.decode()
    assert client.get(sign_url(meeting)).status_code == 403
    assert client.post(sign_url(meeting), {"digest": "x"}).status_code == 403
    assert not MinutesApproval.objects.exists()


def paper_url(meeting):
    return url("minutes_paper_signature", meeting.pk)


def test_the_secretary_records_a_paper_signature_with_its_evidence_R27(
    client, meeting, drawn_up, committee
):
    client.force_login(meeting.secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert paper_url(meeting) in page
    form = client.get(paper_url(meeting))
    offered = {person.pk for person in form.context["form"].fields["person"].queryset}
    assert offered == {committee.chair.pk, committee.members[1].pk}
    refused = client.post(
        paper_url(meeting),
        {
            "person": committee.chair.pk,
            "signed_on": timezone.localdate().isoformat(),
            "reference": "",
        },
    )
    assert refused.status_code == 200
    assert "reference" in refused.context["form"].errors
    assert not MinutesApproval.objects.exists()
    done = client.post(
        paper_url(meeting),
        {
            "person": committee.chair.pk,
            "signed_on": timezone.localdate().isoformat(),
            "reference": REFERENCE,
        },
    )
    assert done.status_code == 302
    signature = MinutesApproval.objects.get()
    assert signature.method == ApprovalMethod.ON_PAPER
    assert signature.paper_reference == REFERENCE
    offered = client.get(paper_url(meeting)).context["form"].fields["person"].queryset
    assert list(offered) == [committee.members[1]]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert REFERENCE in page
    pending = f"{committee.members[1].full_name}, {t('minutes checker')}: "
    assert pending + t("not signed yet") in page


def test_the_chair_cannot_record_a_paper_signature_R27(
    client, meeting, drawn_up, chair_user
):
    client.force_login(chair_user)
    assert client.get(paper_url(meeting)).status_code == 403
    assert (
        paper_url(meeting)
        not in client.get(meeting.get_absolute_url()).content.decode()
    )

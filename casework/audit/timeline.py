"""The decision timeline of a case across bodies, for auditors.

Registration → referral → each committee's report, decision, statements and
answer → summary → memorandum → the preparatory body → the executive board (→ the
council) → approval of minutes → notice → appeal window → final, with dates,
people, parties and links to each official document as it was at the time.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.meetings.models import AgendaItem, Memorandum, Statement
from casework.referrals.models import Extension, OfficerReport, Referral
from casework.registry.models import Case, CaseLink, Document


@dataclass(frozen=True)
class Event:
    """One step of a case's history as the auditor reads it."""

    when: datetime.datetime
    what: str
    organisation: str = ""
    people: tuple[str, ...] = ()
    party: str = ""
    detail: str = ""
    case_number: str = ""
    url: str = ""
    order: int = field(default=0, compare=False)


def _moment(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def related_cases(case: Case) -> list[Case]:
    """The case and the cases linked to it in either direction (the committees'
    cases for a referral and the executive board's case they answer)."""
    linked = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).values_list(
        "from_case_id", "to_case_id"
    )
    ids = {case.pk} | {pk for pair in linked for pk in pair}
    return list(
        Case.objects.filter(pk__in=ids).select_related("organisation", "register")
    )


def timeline(case: Case) -> list[Event]:
    """Every event of the case and its linked cases, oldest first."""
    cases = related_cases(case)
    ids = [c.pk for c in cases]
    events = [*_registrations(cases), *_documents(ids), *_referrals(ids)]
    events += [*_reports(ids), *_memoranda(ids), *_items(ids)]
    return sorted(events, key=lambda e: (e.when, e.order))


def _registrations(cases) -> list[Event]:
    events = []
    for c in cases:
        events.append(
            Event(
                _moment(c.registered_on),
                str(_("Case registered")),
                organisation=str(c.organisation),
                detail=c.title,
                case_number=c.registration_number,
                url=c.get_absolute_url(),
            )
        )
        if c.closed_on:
            events.append(
                Event(
                    _moment(c.closed_on),
                    str(_("Case closed")),
                    organisation=str(c.organisation),
                    case_number=c.registration_number,
                    url=c.get_absolute_url(),
                    order=9,
                )
            )
    return events


def _documents(case_ids) -> list[Event]:
    documents = Document.objects.filter(
        case_id__in=case_ids, state=Document.State.OFFICIAL
    ).select_related("case")
    return [
        Event(
            d.official_since,
            str(
                _("Official document: %(description)s")
                % {"description": d.public_description}
            ),
            detail=d.get_official_because_display(),
            case_number=d.designation,
            url=d.get_absolute_url(),
            order=1,
        )
        for d in documents
    ]


def _referrals(case_ids) -> list[Event]:
    events = []
    referrals = Referral.objects.filter(
        case_id__in=case_ids, dispatched_at__isnull=False
    ).prefetch_related("recipients__organisation")
    for referral in referrals:
        events.append(_referral_sent(referral))
        for recipient in referral.recipients.all():
            if recipient.answered_at:
                events.append(_recipient_answered(recipient))
    for extension in Extension.objects.filter(
        recipient__referral__case_id__in=case_ids, decided_at__isnull=False
    ).select_related("recipient__organisation", "decided_by"):
        events.append(_extension_decided(extension))
    return events


def _referral_sent(referral) -> Event:
    names = ", ".join(str(r.organisation) for r in referral.recipients.all())
    return Event(
        referral.dispatched_at,
        str(_("Referral sent")),
        detail=str(
            _("To %(names)s; respond by %(date)s")
            % {"names": names, "date": referral.response_deadline}
        ),
        url=referral.get_absolute_url(),
        order=2,
    )


def _recipient_answered(recipient) -> Event:
    what = (
        _("Declined to answer")
        if recipient.state == recipient.State.DECLINED
        else _("Answer sent")
    )
    return Event(
        recipient.answered_at,
        str(what),
        organisation=str(recipient.organisation),
        detail=recipient.get_stance_display() or recipient.declined_reason,
        order=6,
    )


def _extension_decided(extension) -> Event:
    return Event(
        extension.decided_at,
        str(
            _("Extension %(state)s until %(date)s")
            % {
                "state": extension.get_state_display(),
                "date": extension.requested_until,
            }
        ),
        organisation=str(extension.recipient.organisation),
        people=(str(extension.decided_by),),
        detail=extension.reason,
        order=3,
    )


def _reports(case_ids) -> list[Event]:
    reports = OfficerReport.objects.filter(
        case_id__in=case_ids, approved_at__isnull=False
    ).select_related("department", "department_head", "case_officer")
    return [
        Event(
            r.approved_at,
            str(_("Officer report approved")),
            organisation=str(r.department),
            people=(str(r.case_officer), str(r.department_head)),
            detail=r.title,
            url=r.document.get_absolute_url(),
            order=4,
        )
        for r in reports
    ]


def _memoranda(case_ids) -> list[Event]:
    memoranda = Memorandum.objects.filter(
        case_id__in=case_ids, signed_on__isnull=False
    ).select_related("rapporteur")
    return [
        Event(
            _moment(m.signed_on),
            str(_("Memorandum %(number)s signed") % {"number": m.designation}),
            people=(m.rapporteur.full_name,),
            detail=m.title,
            order=5,
        )
        for m in memoranda
    ]


def _items(case_ids) -> list[Event]:
    items = AgendaItem.objects.filter(
        case_id__in=case_ids, decided_at__isnull=False
    ).select_related("meeting__organisation", "meeting__minutes__notice")
    statements = (
        Statement.objects.filter(
            item__case_id__in=case_ids, state=Statement.State.IN_MINUTES
        )
        .select_related("item__meeting__organisation", "party")
        .prefetch_related("signatories__person")
    )
    events = []
    for item in items:
        events.extend(_item_events(item))
    for statement in statements:
        events.append(_statement_event(statement))
    return events


def _item_events(item) -> list[Event]:
    meeting = item.meeting
    organisation = str(meeting.organisation)
    events = [
        Event(
            item.decided_at,
            str(_("Decided, § %(number)s") % {"number": item.paragraph_number}),
            organisation=organisation,
            detail=item.decision_text,
            url=meeting.get_absolute_url(),
            order=5,
        )
    ]
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.approved_at:
        events.append(
            Event(
                minutes.approved_at, str(_("Minutes approved")), organisation, order=7
            )
        )
        events.extend(_notice_events(minutes, item, organisation))
    return events


def _notice_events(minutes, item, organisation) -> list[Event]:
    notice = getattr(minutes, "notice", None)
    if notice is None:
        return []
    events = [
        Event(
            _moment(notice.posted_on),
            str(_("Notice posted")),
            organisation,
            detail=notice.minutes_kept_at,
            order=8,
        )
    ]
    if item.appealable:
        last = notice.appeal_last_day
        events.append(
            Event(
                _moment(last),
                str(_("Last day of appeal")),
                organisation,
                order=8,
            )
        )
    return events


def _statement_event(statement) -> Event:
    people = tuple(s.person.full_name for s in statement.signatories.all())
    return Event(
        statement.submitted_at or statement.announced_at,
        statement.get_kind_display(),
        organisation=str(statement.item.meeting.organisation),
        people=people,
        party=statement.party_rendering,
        order=6,
    )

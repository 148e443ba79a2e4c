"""The board's side of a remiss in the current year: a KS case whose referral
went to three committees that have all answered or declined, so that compiling
the answers waits in the KS case officer's "Mina uppgifter" (issue 9, J5).

Loaded by ``casework.demo`` after the 2016 referral, through the services and the
referral flow, dated from today (the earliest step no earlier than 2 January of
the current year). The case's title is its natural key, and a step already taken
is not taken again, so a second load creates nothing.

Trafiknämnden and exploateringsnämnden answered: their officer report and minutes
extract are drawn up in the committee's own case and sent back with the answer,
which registers them as incoming in the KS case. Stadsbyggnadsnämnden declined.
As in the 2016 referral, a response flow whose answer was recorded with the
referral services ends as cancelled, and the KS branch waiting for it completes.
"""

import datetime
from typing import TYPE_CHECKING

from viewflow.workflow.status import PROCESS

from casework import clock
from casework.demo_meetings import at
from casework.demo_referrals import open_task
from casework.directory.models import User
from casework.referrals import services
from casework.referrals.models import Referral, ReferralRecipient
from casework.registry import services as registry
from casework.registry.models import Document, Register
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

if TYPE_CHECKING:
    from casework.demo import Loader

State = ReferralRecipient.State

TITLE = "Riktlinjer för cykelparkering i innerstaden"
CLASSIFICATION = "106"
CASE_OFFICER = "handlaggare.slk"
QUESTION = (
    "Kommunstyrelsen remitterar stadsledningskontorets förslag till riktlinjer för "
    "cykelparkering i innerstaden och ber om nämndens synpunkter, särskilt på "
    "platserna vid bytespunkterna och på hur parkeringen sköts om."
)
ANSWERS = {
    "trn": {
        "registrar": "registrator.tk",
        "stance": ReferralRecipient.Stance.WITH_COMMENTS,
        "report": (
            "Trafikkontoret tillstyrker riktlinjerna och föreslår fler platser "
            "för lastcyklar vid bytespunkterna."
        ),
        "decision": "Trafiknämnden tillstyrker förslaget med kontorets synpunkter.",
    },
    "expn": {
        "registrar": "registrator.expk",
        "stance": ReferralRecipient.Stance.NO_OBJECTION,
        "report": "Exploateringskontoret har inga invändningar mot riktlinjerna.",
        "decision": "Exploateringsnämnden har inga invändningar mot förslaget.",
    },
}
DECLINED = {
    "sbn": {
        "registrar": "registrator.sbk",
        "reason": (
            "Stadsbyggnadsnämnden avstår från att yttra sig: riktlinjerna berör "
            "inte nämndens ansvarsområde."
        ),
    },
}


def first_day(today: datetime.date) -> datetime.date:
    """Four weeks ago, but in the current year."""
    return max(today - datetime.timedelta(weeks=4), datetime.date(today.year, 1, 2))


def not_after(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


class BoardReferralLoader:
    """Creates the KS case, its referral and the recipients' answers."""

    def __init__(self, loader: "Loader"):
        self.loader = loader
        self.reason = loader.reason
        self.today = clock.today()
        self.start = first_day(self.today)

    def count(self, label: str) -> None:
        self.loader.result.created[label] += 1

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def run(self) -> Referral:
        case = self.case()
        referral = case.referrals.first() or self.prepare(case)
        if referral.state == Referral.State.DRAFT:
            self.count("documents")  # the letter, registered in the KS case
            with clock.acting_at(at(self.start, 15)):
                referral_steps.send(
                    task=open_task(referral.process, ReferralFlow.dispatch),
                    actor=self.user(CASE_OFFICER),
                    reason=self.reason,
                )
            referral.refresh_from_db()
        for recipient in referral.recipients.select_related("organisation"):
            self.recipient(recipient)
        return referral

    def case(self):
        register = Register.objects.get(code="ks")
        with clock.acting_at(at(self.start, 9)):
            return self.loader.ensure(
                "cases",
                register.cases.filter(title=TITLE).first(),
                lambda: registry.register_case(
                    register=register,
                    title=TITLE,
                    classification=CLASSIFICATION,
                    case_officer=self.user(CASE_OFFICER),
                    actor=self.user("registrator"),
                    reason=self.reason,
                ),
            )

    def prepare(self, case) -> Referral:
        self.count("referrals")
        with clock.acting_at(at(self.start, 10)):
            process = referral_steps.start_referral(
                case=case,
                question=QUESTION,
                response_deadline=self.today + datetime.timedelta(weeks=2),
                recipients=[
                    self.loader.find_organisation(code)
                    for code in (*ANSWERS, *DECLINED)
                ],
                actor=self.user(CASE_OFFICER),
                reason=self.reason,
            )
        return process.referral

    def recipient(self, recipient: ReferralRecipient) -> None:
        code = recipient.organisation.code
        entry = ANSWERS.get(code) or DECLINED[code]
        registrar = self.user(entry["registrar"])
        if recipient.committee_case_id is None:
            self.count("cases")
            received = not_after(self.start + datetime.timedelta(days=1), self.today)
            with clock.acting_at(at(received, 10)):
                response_steps.register(
                    task=open_task(recipient.process, ResponseFlow.register),
                    actor=registrar,
                    reason=self.reason,
                )
            recipient.refresh_from_db()
        if not recipient.is_open:
            return
        self.count("recipient_progress")
        answered = not_after(self.start + datetime.timedelta(days=14), self.today)
        with clock.acting_at(at(answered, 14)):
            if code in ANSWERS:
                self.answer(recipient, entry, registrar)
            else:
                services.decline_referral(
                    recipient=recipient,
                    reason_given=entry["reason"],
                    actor=registrar,
                    reason=self.reason,
                )
        self.end_response_flow(recipient)

    def answer(self, recipient: ReferralRecipient, entry: dict, registrar) -> None:
        """The committee's officer report and its decision's extract, drawn up
        in the committee's case, go back with the answer (R42)."""
        case = recipient.committee_case
        organisation = recipient.organisation
        documents = [
            registry.register_document(
                case=case,
                direction=Document.Direction.DRAWN_UP,
                kind=kind,
                title=f"{title}: {TITLE}",
                public_description=f"{title}, {organisation}: {TITLE}",
                body=body,
                actor=registrar,
                reason=self.reason,
            )
            for kind, title, body in (
                (Document.Kind.OFFICER_REPORT, "Tjänsteutlåtande", entry["report"]),
                (
                    Document.Kind.MINUTES_EXTRACT,
                    "Protokollsutdrag",
                    f"Beslut: {entry['decision']}",
                ),
            )
        ]
        services.record_progress(
            recipient=recipient,
            state=State.DECIDED,
            actor=registrar,
            reason=self.reason,
        )
        services.dispatch_response(
            recipient=recipient,
            documents=documents,
            stance=entry["stance"],
            decision_text=entry["decision"],
            actor=registrar,
            reason=self.reason,
        )

    def end_response_flow(self, recipient: ReferralRecipient) -> None:
        recipient.refresh_from_db()
        process = recipient.process
        if process.status not in (PROCESS.DONE, PROCESS.CANCELED):
            ResponseFlow.instance.cancel(process)
        referral_steps.wake_branch(recipient)

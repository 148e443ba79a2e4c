"""The demo's referrals (sv. remisser), driven through the referral and response
flows so that their tasks exist for the demo users.

Read from ``fixtures/referrals.toml`` by ``casework.demo``, after the meetings.
Each step is taken inside ``clock.acting_at`` at its historical time, by the demo
user whose role the step needs. A referral's case and deadline are its natural
key; a step already taken (sent, received, decided, extension asked for) is not
taken again, so a second load creates nothing.

The KS case officer prepares and sends the referral from the flow, which starts
one response flow per recipient; each registrar registers it from the
registration task. Trafiknämnden's and exploateringsnämnden's answers were
drafted and decided before the referral was recorded here (their officer
reports are documents of the seed cases, not drafts of the report editor), so
their answers are recorded with the referral services and their response flows
end as cancelled once the answer is sent; the KS branch waiting for each then
completes as answered. The third recipient's request for an extension waits for
the KS case officer's decision in "Mina uppgifter".
"""

from typing import TYPE_CHECKING

from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework import clock
from casework.demo_meetings import at
from casework.directory.models import User
from casework.referrals import services
from casework.referrals.models import Extension, Referral, ReferralRecipient
from casework.registry.models import Case, Document
from workflows import tasks
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

if TYPE_CHECKING:
    from casework.demo import Loader

State = ReferralRecipient.State


def open_task(process, node) -> Task:
    return Task.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


class ReferralLoader:
    """Creates the referrals and the steps of their recipients that are missing."""

    def __init__(self, loader: "Loader"):
        self.loader = loader
        self.reason = loader.reason
        self.actor = loader.actor

    def run(self, data: dict) -> None:
        for entry in data.get("referrals", []):
            self.referral(entry)

    def count(self, label: str) -> None:
        self.loader.result.created[label] += 1

    def referral(self, entry: dict) -> Referral:
        case = Case.objects.get(
            register__code=entry["register"], registration_number=entry["case"]
        )
        existing = case.referrals.filter(
            response_deadline=entry["response_deadline"]
        ).first()
        referral = self.loader.ensure(
            "referrals", existing, lambda: self._prepare(case, entry)
        )
        if referral.state == Referral.State.DRAFT:
            self.count("documents")  # the letter, registered in the KS case
            with clock.acting_at(at(entry["dispatched_on"], 16)):
                referral_steps.send(
                    task=open_task(referral.process, ReferralFlow.dispatch),
                    actor=referral.prepared_by,
                    reason=self.reason,
                )
            referral.refresh_from_db()
        for recipient_entry in entry["recipients"]:
            organisation = self.loader.find_organisation(
                recipient_entry["organisation"]
            )
            self.recipient(
                referral.recipients.get(organisation=organisation), recipient_entry
            )
        return referral

    def _prepare(self, case: Case, entry: dict) -> Referral:
        with clock.acting_at(at(entry["prepared_on"], 9)):
            process = referral_steps.start_referral(
                case=case,
                question=entry["question"].strip(),
                response_deadline=entry["response_deadline"],
                recipients=[
                    self.loader.find_organisation(r["organisation"])
                    for r in entry["recipients"]
                ],
                documents=[
                    case.documents.get(public_description=description)
                    for description in entry.get("documents", [])
                ],
                actor=User.objects.get(username=entry["prepared_by"]),
                reason=self.reason,
            )
        return process.referral

    def recipient(self, recipient: ReferralRecipient, entry: dict) -> None:
        if "received_on" in entry and recipient.committee_case_id is None:
            self.register(recipient, entry)
            recipient.refresh_from_db()
        if "decided_on" in entry and recipient.state in (State.SENT, State.RECEIVED):
            self.count("recipient_progress")
            with clock.acting_at(at(entry["decided_on"], 12)):
                services.record_progress(
                    recipient=recipient,
                    state=State.DECIDED,
                    actor=self.actor,
                    reason=self.reason,
                )
        if "answered_on" in entry and recipient.state == State.DECIDED:
            self.answer(recipient, entry)
            self.end_response_flow(recipient)
        if "extension" in entry:
            self.extension(recipient, entry["extension"])

    def register(self, recipient: ReferralRecipient, entry: dict) -> None:
        """The registrar carries out the registration task: in the case the
        department already had, or in a new case of its register."""
        registrar = User.objects.get(username=entry["received_by"])
        task = open_task(recipient.process, ResponseFlow.register)
        with clock.acting_at(at(entry["received_on"], 10)):
            if "case" not in entry:
                for label in ("cases", "case_links", "documents"):
                    self.count(label)
                response_steps.register(task=task, actor=registrar, reason=self.reason)
                return
            self.count("recipient_progress")
            case = Case.objects.get(
                register__code=entry["case"]["register"],
                registration_number=entry["case"]["number"],
            )
            tasks.carry_out(
                task=task,
                node=ResponseFlow.register,
                actor=registrar,
                work=lambda activation: services.receive_into_existing_case(
                    recipient=recipient, case=case, actor=registrar, reason=self.reason
                ),
            )

    def end_response_flow(self, recipient: ReferralRecipient) -> None:
        """The answer was drafted and decided outside the flow: its response
        flow ends, and the KS branch waiting for it completes as answered."""
        process = recipient.process
        if process.status not in (PROCESS.DONE, PROCESS.CANCELED):
            ResponseFlow.instance.cancel(process)
        referral_steps.wake_branch(recipient)

    def answer(self, recipient: ReferralRecipient, entry: dict) -> None:
        """Send the officer report and the minutes extract back to KS (R42)."""
        self.count("recipient_progress")
        case = recipient.committee_case
        documents = list(
            case.documents.filter(
                kind__in=[Document.Kind.OFFICER_REPORT, Document.Kind.MINUTES_EXTRACT],
                direction=Document.Direction.DRAWN_UP,
            ).order_by("sequence")
        )
        extract = next(d for d in documents if d.kind == Document.Kind.MINUTES_EXTRACT)
        decision = extract.versions.last().body
        with clock.acting_at(at(entry["answered_on"], 14)):
            services.dispatch_response(
                recipient=recipient,
                documents=documents,
                stance=entry["stance"],
                decision_text=_decision_line(decision),
                actor=User.objects.get(username=entry["received_by"]),
                reason=self.reason,
            )

    def extension(self, recipient: ReferralRecipient, entry: dict) -> Extension:
        existing = recipient.extensions.filter(
            requested_until=entry["requested_until"]
        ).first()

        def request():
            with clock.acting_at(at(entry["requested_on"], 10)):
                return referral_steps.request_extension(
                    recipient=recipient,
                    requested_until=entry["requested_until"],
                    reason_given=entry["reason"].strip(),
                    actor=User.objects.get(username=entry["requested_by"]),
                    reason=self.reason,
                )

        return self.loader.ensure("extensions", existing, request)


def _decision_line(extract_text: str) -> str:
    """The decision as the extract states it ("Beslut: …")."""
    for line in extract_text.splitlines():
        if line.startswith("Beslut: "):
            return line.removeprefix("Beslut: ")
    return ""

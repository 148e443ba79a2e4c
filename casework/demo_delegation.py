"""The demo's delegation orders, delegated decisions, urgent decisions of the
chair and the council's motions, recorded through their services (R41,
R46–R49).

Read from ``fixtures/delegation.toml`` by ``casework.demo``, after the meetings:
an urgent decision then finds its body's upcoming meeting and goes on its
agenda. Dates are counted back from the day of the load and kept in the
current year, so that the demo shows this year's decisions; each record is
looked up by its natural key first and only created when missing.
"""

import datetime
from typing import TYPE_CHECKING

from casework import clock
from casework.demo_meetings import at
from casework.directory.models import Assignment, User, active_on
from casework.meetings.models import (
    ChairDecision,
    CouncilMotion,
    DelegatedDecision,
    DelegationOrder,
)
from casework.meetings.services import chair_decisions, council_motions, delegation
from casework.meetings.services import delegation_order as orders
from casework.registry import services as registry
from casework.registry.models import Case, Register

if TYPE_CHECKING:
    from casework.demo import Loader

MOTION_REGISTER = "ks"
MOTION_REGISTRAR = "registrator"


def day_of(entry: dict, key: str = "days_ago") -> datetime.date:
    """``entry[key]`` days before today, not before 1 January of this year
    unless the entry says ``any_year``; or the date given as ``adopted_on``."""
    if "adopted_on" in entry and key == "days_ago":
        return entry["adopted_on"]
    today = clock.today()
    day = today - datetime.timedelta(days=entry[key])
    if entry.get("any_year"):
        return day
    return max(day, datetime.date(today.year, 1, 1))


def this_year(text: str, day: datetime.date) -> str:
    return text.format(year=day.year)


class DelegationLoader:
    """Creates the delegation records that are missing, counting them."""

    def __init__(self, loader: "Loader"):
        self.loader = loader
        self.reason = loader.reason

    def run(self, data: dict) -> None:
        for entry in data.get("delegation_orders", []):
            self.order(entry)
        for entry in data.get("delegated_decisions", []):
            self.delegated_decision(entry)
        for entry in data.get("chair_decisions", []):
            self.chair_decision(entry)
        for entry in data.get("council_motions", []):
            self.council_motion(entry)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    # --- delegation orders (R46) ------------------------------------------------

    def order(self, entry: dict):
        organisation = self.loader.find_organisation(entry["organisation"])
        adopted_on = day_of(entry)
        number = this_year(entry["registration_number"], adopted_on)
        existing = organisation.delegation_orders.filter(
            registration_number=number
        ).first()
        drafting = organisation.delegation_orders.filter(
            state=DelegationOrder.State.DRAFT
        ).exists()
        if existing is not None or drafting:
            return existing
        return self.loader.ensure(
            "delegation_orders", None, lambda: self._adopt(entry, adopted_on, number)
        )

    def _adopt(self, entry: dict, adopted_on, number: str) -> DelegationOrder:
        secretary = self.user(entry["secretary"])
        organisation = self.loader.find_organisation(entry["organisation"])
        with clock.acting_at(at(adopted_on, 15)):
            draft = orders.start_new_version(
                organisation=organisation, actor=secretary, reason=self.reason
            )
            for point in entry["points"]:
                existing = draft.points.filter(number=point["number"]).first()
                orders.save_point(
                    order=draft,
                    point=existing,
                    actor=secretary,
                    reason=self.reason,
                    **point,
                )
            return orders.adopt_order(
                order=draft,
                adopted_on=adopted_on,
                decision_paragraph=entry["decision_paragraph"],
                registration_number=number,
                actor=secretary,
                reason=self.reason,
            )

    # --- decisions taken for the body (R43, R48, R49) ---------------------------

    def delegated_decision(self, entry: dict):
        organisation = self.loader.find_organisation(entry["organisation"])
        decided_on = day_of(entry)
        number = this_year(entry["registration_number"], decided_on)
        existing = DelegatedDecision.objects.filter(
            organisation=organisation, registration_number=number
        ).first()

        def create():
            with clock.acting_at(at(decided_on, 14)):
                return delegation.record_delegated_decision(
                    organisation=organisation,
                    delegate=entry["delegate"],
                    delegation_point=entry["delegation_point"],
                    decided_on=decided_on,
                    text=entry["text"],
                    registration_number=number,
                    matter=entry["matter"],
                    actor=self.user(entry["secretary"]),
                    reason=self.reason,
                )

        return self.loader.ensure("delegated_decisions", existing, create)

    def chair_decision(self, entry: dict):
        organisation = self.loader.find_organisation(entry["organisation"])
        chair = self.loader.find_person(entry["decided_by"])
        decided_on = day_of(entry)
        seated = Assignment.objects.filter(
            active_on(decided_on), person=chair, organisation=organisation
        )
        if not seated.exists():  # a new term began since: the chair of today
            decided_on = clock.today()
        number = this_year(entry["registration_number"], decided_on)
        existing = ChairDecision.objects.filter(
            organisation=organisation, registration_number=number
        ).first()
        return self.loader.ensure(
            "chair_decisions",
            existing,
            lambda: chair_decisions.record_chair_decision(
                organisation=organisation,
                decided_by=chair,
                decided_on=decided_on,
                registration_number=number,
                text=entry["text"],
                urgency=entry["urgency"],
                actor=self.user(entry["secretary"]),
                reason=self.reason,
            ),
        )

    # --- the council's motions (R41) ----------------------------------------------

    def council_motion(self, entry: dict) -> CouncilMotion:
        register = Register.objects.get(code=MOTION_REGISTER)
        existing = CouncilMotion.objects.filter(
            case__register=register, case__title=entry["title"]
        ).first()
        motion = self.loader.ensure(
            "council_motions", existing, lambda: self._lodge(register, entry)
        )
        if "report" in entry and not motion.preparation_reports.exists():
            reported_on = day_of(entry, "report_days_ago")
            self.loader.result.created["preparation_reports"] += 1
            with clock.acting_at(at(reported_on, 11)):
                council_motions.report_preparation_state(
                    motion=motion,
                    reported_on=reported_on,
                    text=entry["report"],
                    actor=self.user(MOTION_REGISTRAR),
                    reason=self.reason,
                )
        return motion

    def _lodge(self, register: Register, entry: dict) -> CouncilMotion:
        registrar = self.user(MOTION_REGISTRAR)
        lodged_on = day_of(entry)
        with clock.acting_at(at(lodged_on, 10)):
            case = Case.objects.filter(register=register, title=entry["title"]).first()
            case = case or registry.register_case(
                register=register,
                title=entry["title"],
                classification=entry["classification"],
                actor=registrar,
                reason=self.reason,
            )
            return council_motions.record_council_motion(
                case=case,
                kind=entry["kind"],
                lodged_on=lodged_on,
                submitted_by=entry["submitted_by"],
                actor=registrar,
                reason=self.reason,
            )

"""The compiled draft summary of a referral's answers (sv. sammanställning, c.1),
which stadsledningskontoret builds its report on: one sentence per recipient,
then each answering department's summary quoted in the style of the memorandum's
Beredning section ("… har i huvudsak följande lydelse", R79)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.referrals.models import ReferralRecipient

State = ReferralRecipient.State
Stance = ReferralRecipient.Stance


@dataclass(frozen=True)
class Quote:
    """The part of a department's officer report that is quoted."""

    department: str
    dated: datetime.date | None
    text: str


@dataclass(frozen=True)
class Answer:
    """What one recipient answered, as far as the reader may see it."""

    organisation: str
    state: str
    stance: str = ""
    quote: Quote | None = None


def _stance_sentence(stance: str) -> str:
    # Translators: sv. "%(organisation)s har tillstyrkt förslaget."
    endorse = _("%(organisation)s has endorsed the proposal.")
    # Translators: sv. "%(organisation)s har avstyrkt förslaget."
    oppose = _("%(organisation)s has opposed the proposal.")
    # Translators: sv. "%(organisation)s har inget att erinra."
    no_objection = _("%(organisation)s has no objection.")
    # Translators: sv. "%(organisation)s har svarat med synpunkter."
    with_comments = _("%(organisation)s has answered with comments.")
    return {
        Stance.ENDORSE: endorse,
        Stance.OPPOSE: oppose,
        Stance.NO_OBJECTION: no_objection,
        Stance.WITH_COMMENTS: with_comments,
    }.get(stance, _("%(organisation)s has answered."))


def answer_sentence(answer: Answer) -> str:
    """One sentence on where the recipient stands."""
    if answer.state == State.ANSWERED:
        sentence = _stance_sentence(answer.stance)
    elif answer.state == State.DECLINED:
        # Translators: sv. "%(organisation)s har avstått från att svara."
        sentence = _("%(organisation)s has declined to answer.")
    elif answer.state == State.NOT_RECEIVED:
        # Translators: sv. "Svar har inte inkommit från %(organisation)s."
        sentence = _("No answer was received from %(organisation)s.")
    else:
        # Translators: sv. "%(organisation)s har ännu inte svarat."
        sentence = _("%(organisation)s has not answered yet.")
    return sentence % {"organisation": answer.organisation}


def quote_paragraphs(quote: Quote) -> list[str]:
    """The lead-in sentence and the quoted text, paragraph by paragraph."""
    if quote.dated:
        # Translators: sv. "%(department)ss tjänsteutlåtande daterat den %(date)s
        # har i huvudsak följande lydelse." (the genitive s follows the name)
        lead = _(
            "The officer report of %(department)s dated %(date)s reads in the "
            "main as follows."
        ) % {"department": quote.department, "date": date_format(quote.dated, "j F Y")}
    else:
        # Translators: sv. "%(department)ss tjänsteutlåtande har i huvudsak
        # följande lydelse."
        lead = _("The officer report of %(department)s reads in the main as follows.")
        lead %= {"department": quote.department}
    paragraphs = [p.strip() for p in quote.text.replace("\r\n", "\n").split("\n\n")]
    return [lead, *(p for p in paragraphs if p)]


def compile_summary(answers: Iterable[Answer]) -> str:
    """The draft summary as plain text, paragraphs separated by a blank line."""
    answers = list(answers)
    paragraphs = []
    if answers:
        paragraphs.append(" ".join(answer_sentence(answer) for answer in answers))
    for answer in answers:
        if answer.quote is not None and answer.quote.text.strip():
            paragraphs.extend(quote_paragraphs(answer.quote))
    return "\n\n".join(paragraphs)

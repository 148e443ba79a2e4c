"""When an arrived document should be in the register (R53).

OSL 5 kap. 1 § asks for registration "as soon as" a document has arrived; the
practice JO accepts, which rules.md records for R53, is the same day or the
next working day. Later than that, the registration carries its reason.
"""

import datetime

from casework.meetings import deadlines


def registration_deadline(arrived_on: datetime.date) -> datetime.date:
    """The working day after arrival, under the söndagsregel (1930:173)."""
    return deadlines.next_working_day(arrived_on + datetime.timedelta(days=1))


def registered_late(arrived_on: datetime.date, registered_on: datetime.date) -> bool:
    return registered_on > registration_deadline(arrived_on)

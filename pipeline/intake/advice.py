"""Advice on a valid intake: choices the vocabulary allows but that probably say something the consultant did
not mean. `corpath validate` prints each piece of advice under the file's "ok"; none is an error.
"""

from __future__ import annotations

from .model import Activity, Intake

# Words in a trade that say the company installs or repairs roofs (roofing, roofer, re-roofing).
ROOF_TRADE_WORDS = ("roof",)


def advice(intake: Intake) -> list[str]:
    """Advice lines (`field: message`) for `intake`; an empty list when there is nothing to point out.

    The `roofing` activity brings the Roofing program (shingles, tear-off, membranes, torches); a company whose
    trades name no roofing (an HVAC firm that sets rooftop units) most likely meant `rooftop_work`.
    """
    found = []
    trades = " ".join(intake.company.trades).lower()
    if Activity.roofing in intake.operations.activities and not any(w in trades for w in ROOF_TRADE_WORDS):
        found.append(
            "operations.activities: 'roofing' brings the Roofing program (shingles, tear-off, membranes, torches), "
            "but no trade in company.trades names roofing; for work on roofs that is not roofing (rooftop units "
            "and equipment, inspections) use 'rooftop_work'"
        )
    return found

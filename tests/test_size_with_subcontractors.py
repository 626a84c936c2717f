"""A size limit that counts subcontractors (SCSA's SECOR) is a question for the partner when the company hires
subcontractors: the intake does not count their workers (review 11: wakaw, 9 workers plus pumping and
excavation subcontractors)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import recommend

HIRED = {"used": True, "trades": ["concrete pumping"]}


def test_secor_counting_subcontractors_asks_whether_they_put_the_company_over_the_line(
        make_intake: Callable[..., Path]) -> None:
    said = {"company": {"province": "SK"}, "people": {"workers": 5}}
    decision = recommend(load_intake(make_intake({**said, "operations": {"subcontractors": HIRED}})))
    assert decision.program == "SECOR"
    over = [c for c in decision.cautions if c.startswith("SCSA counts subcontractors toward SECOR's size limit")]
    assert len(over) == 1 and "(concrete pumping)" in over[0] and "may be over the SECOR line" in over[0]
    assert over == [q for q in decision.to_confirm if q in over]  # review.md asks it too
    alone = recommend(load_intake(make_intake(said)))
    assert not any("counts subcontractors" in c for c in [*alone.cautions, *alone.to_confirm])
    ns = recommend(load_intake(make_intake({"company": {"province": "NS"}, "people": {"workers": 3},
                                            "operations": {"subcontractors": HIRED}})))
    assert not any("counts subcontractors toward" in c for c in ns.cautions)

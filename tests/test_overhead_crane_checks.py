"""A shop's overhead bridge crane is checked as an overhead crane, not a mobile one (review 17: kiskatinaw's
"5-ton overhead bridge crane (shop)" got outriggers, a load moment indicator and a swing alarm on its pre-use
form). The form is rendered from its real template and read back with python-docx."""

from __future__ import annotations

from pathlib import Path

from rendering import build
from test_one_person_forms import form_text

SHOP = {"company": {"province": "BC", "trades": ["welding and fabrication"]},
        "operations": {"activities": ["hot_work", "lifting_rigging"],
                       "equipment": [{"name": "5-ton overhead bridge crane (shop)", "type": "crane", "count": 1}]}}
MOBILE = {"name": "30-ton rough terrain crane", "type": "crane", "count": 1}


def test_an_overhead_crane_gets_pendant_and_limit_checks_not_outriggers(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(SHOP))
    form = form_text(plan, "equipment_pre_use", tmp_path)
    for words in ("Pendant or radio controls", "Upper limit switch", "trolley travel freely"):
        assert words in form, words
    for absent in ("Outriggers", "swing alarm", "Load moment indicator"):
        assert absent not in form, absent
    # a mobile crane keeps its own checks, and a company with both gets both
    both, _ = build(make_intake({**SHOP, "operations": {**SHOP["operations"], "equipment": [
        *SHOP["operations"]["equipment"], MOBILE]}}))
    form = form_text(both, "equipment_pre_use", tmp_path)
    assert "Outriggers, pads and cribbing" in form and "Pendant or radio controls" in form
    mobile, _ = build(make_intake({**SHOP, "operations": {**SHOP["operations"], "equipment": [MOBILE]}}))
    form = form_text(mobile, "equipment_pre_use", tmp_path)
    assert "Outriggers, pads and cribbing" in form and "Pendant" not in form

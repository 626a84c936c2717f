"""A partner chosen by province and industry alone is questioned when the trades read as another partner's scope
(jurisdictions.yaml `scope_partners`): Saskatchewan heavy construction may be HCSAS's, Manitoba's MHCA's (review 19:
a Saskatchewan highway guardrail contractor was built to SCSA's protocol with no word of HCSAS)."""

from __future__ import annotations

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import recommend


def _decision(make_intake, province: str, trades: list[str], **company):
    return recommend(load_intake(make_intake({"company": {"province": province, "trades": trades, **company}})))


def test_a_saskatchewan_guardrail_contractor_is_asked_about_hcsas(make_intake):
    decision = _decision(make_intake, "SK", ["highway guardrail installation", "fencing"])
    assert decision.partner == "SCSA"
    [question] = decision.partner_to_confirm
    assert "the Heavy Construction Safety Association of Saskatchewan (HCSAS)" in question
    assert "highway guardrail installation" in question and "fencing" not in question.split("read as")[0]
    assert "corpath has no HCSAS pack" in question and "hcsas.sk.ca" in question
    assert question in decision.cautions


def test_a_manitoba_road_builder_is_told_how_to_switch_to_mhca(make_intake):
    [question] = _decision(make_intake, "MB", ["road building", "paving"]).partner_to_confirm
    assert "(MHCA)" in question and "WCB rate codes 407 and 408" in question
    assert "name mb-mhca in company.certifying_partner" in question


def test_no_question_for_a_building_trade_or_a_named_partner(make_intake):
    assert _decision(make_intake, "SK", ["roofing", "sheet metal"]).partner_to_confirm == []
    # whole words only: "roadway" signs are not road building, "crossroads" is not a road
    assert _decision(make_intake, "SK", ["crossroads signage"]).partner_to_confirm == []
    assert _decision(make_intake, "MB", ["road building"], certifying_partner="mb-mhca").partner_to_confirm == []
    assert _decision(make_intake, "MB", ["road building"], certifying_partner="mb-csam").partner_to_confirm == []


def test_the_question_reaches_the_consultants_review_list(make_intake):
    path = make_intake({"company": {"province": "SK", "trades": ["asphalt paving"]}})
    plan, program = build(path)
    items = [i for i in review_items(plan, program) if i.what.startswith("Certifying partner:")]
    assert len(items) == 1 and "HCSAS" in items[0].what

"""The certificate decision: COR or the small-employer certificate, from real packs and real intake files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import NoPartnerError
from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import Decision, DecisionRule, describe_size, load_decision_rules, recommend


def decide(make_intake: Callable[..., Path], province: str, workers: int, **extra: Any) -> Decision:
    company = {"province": province, **extra.pop("company", {})}
    people = {"workers": workers, **extra.pop("people", {})}
    return recommend(load_intake(make_intake({"company": company, "people": people, **extra})))


@pytest.mark.parametrize(
    ("province", "workers", "certificate", "program", "partner"),
    [
        ("AB", 6, "SECOR", "SECOR", "ACSA"),
        ("AB", 15, "COR", "COR", "ACSA"),
        ("BC", 15, "COR", "Small COR", "BCCSA"),
        ("ON", 25, "COR", "COR 2020", "IHSA"),
        # exactly at each line
        ("AB", 10, "SECOR", "SECOR", "ACSA"),
        ("AB", 11, "COR", "COR", "ACSA"),
        ("BC", 19, "COR", "Small COR", "BCCSA"),
        ("BC", 20, "COR", "Large COR", "BCCSA"),
        ("SK", 9, "SECOR", "SECOR", "SCSA"),
        ("SK", 10, "COR", "COR", "SCSA"),
        ("MB", 9, "SECOR", "SECOR", "CSAM"),
        ("MB", 10, "COR", "COR", "CSAM"),
        # BCCSA's Small COR and CSNS's self-evaluation tiers earn a Certificate of Recognition
        ("NS", 1, "COR", "Owner/Operator", "CSNS"),
        ("NS", 2, "COR", "Small Business", "CSNS"),
        ("NS", 4, "COR", "Small Business", "CSNS"),
        ("NS", 5, "COR", "Intermediate", "CSNS"),
        ("NS", 19, "COR", "Intermediate", "CSNS"),
        ("NS", 20, "COR", "Standard", "CSNS"),
        ("NB", 3, "COR", "COR", "NBCSA"),
        ("NL", 3, "COR", "COR", "NLCSA"),
    ],
)
def test_headcount_picks_the_certificate(
    make_intake: Callable[..., Path], province: str, workers: int, certificate: str, program: str, partner: str
) -> None:
    decision = decide(make_intake, province, workers)
    assert (decision.certificate, decision.program, decision.partner) == (certificate, program, partner)
    assert decision.workers == workers
    assert decision.pack is not None and decision.pack.pack.program(decision.program_id).name == program


@pytest.mark.parametrize(
    ("province", "limit"), [("AB", 10), ("BC", 19), ("SK", 9), ("MB", 9), ("NS", 4), ("ON", None), ("NL", None)]
)
def test_small_employer_line(make_intake: Callable[..., Path], province: str, limit: int | None) -> None:
    assert decide(make_intake, province, 25).small_employer_max_workers == limit


def test_every_reason_ends_with_its_source(make_intake: Callable[..., Path]) -> None:
    for province, workers in [("AB", 6), ("BC", 30), ("ON", 25), ("NS", 3), ("PE", 4)]:
        decision = decide(make_intake, province, workers)
        assert decision.reasons
        for reason in decision.reasons:
            assert reason.endswith((")", "]")), reason


def test_the_headcount_reason_names_the_line_and_how_to_count(make_intake: Callable[..., Path]) -> None:
    reason = decide(make_intake, "AB", 6).reasons[1]
    assert reason.startswith("6 workers at peak in the past 12 months: ACSA's SECOR is for 10 or fewer workers; "
                             "ACSA counts everyone covered by the employer's WCB-Alberta account")
    assert reason.endswith("(youracsa.ca/cor-secor/secor-process; safetypartnershipsaasp.com; "
                           "ahsa.ca/cor/about-secor; high confidence)")


def test_ihsa_says_who_it_counts_in_a_grammatical_clause(make_intake: Callable[..., Path]) -> None:
    """IHSA 2022.1 rendered 'IHSA counts each registered WSIB account earns its own COR'; 2022.2, the version
    in effect, words who it counts as the field asks."""
    reason = next(r for r in decide(make_intake, "ON", 8).reasons if "IHSA counts" in r)
    assert ("IHSA counts each registered WSIB account on its own (each account earns its own COR), and only an "
            "active account in good standing") in reason
    assert "counts each registered WSIB account earns" not in reason


def test_audit_is_said_in_plain_words(make_intake: Callable[..., Path]) -> None:
    assert decide(make_intake, "AB", 6).audit == "a trained self-evaluator from the company, validated by the partner"
    assert decide(make_intake, "AB", 15).audit == "an external auditor certified by the partner"
    assert decide(make_intake, "BC", 15).audit == "the company's own qualified internal auditor"
    assert decide(make_intake, "SK", 15).audit == "the partner's own staff auditor"


def test_cor_required_by_name_wins_over_size(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 8,
                      client_requirements={"cor_required_by_name": True, "required_by": "Northgate Builders"})
    assert (decision.certificate, decision.program) == ("COR", "COR")
    assert any(r.startswith("Northgate Builders requires full COR by name, and that wins over size: ACSA's COR "
                            "(2 or more workers)") for r in decision.reasons)
    # ACSA's COR is open to 2 or more workers (youracsa.ca): no "11 or more" caution for a company of 8
    assert not any("11 or more" in c or "confirm with ACSA that it will certify" in c for c in decision.cautions)


def test_cor_by_name_for_one_worker_in_alberta_is_still_cautioned(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 1, client_requirements={"cor_required_by_name": True})
    assert decision.program == "COR"
    assert any(c.startswith("ACSA's COR is for 2 or more workers, and the company has 1") for c in decision.cautions)


def test_esc_cor_keeps_its_11_or_more_line(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 8, company={"industry": "oil_and_gas"},
                      client_requirements={"cor_required_by_name": True})
    assert (decision.partner, decision.program) == ("ESC", "COR")
    assert any(c.startswith("ESC's COR is for 11 or more workers, and the company has 8") for c in decision.cautions)


@pytest.mark.parametrize(("province", "workers", "program", "audit"), [
    ("BC", 12, "Small COR", "the company's own qualified internal auditor"),
    ("BC", 19, "Small COR", "the company's own qualified internal auditor"),
    ("BC", 20, "Large COR", "an external auditor certified by the partner"),
    ("NS", 1, "Owner/Operator", "a trained self-evaluator from the company, validated by the partner"),
    ("NS", 3, "Small Business", "a trained self-evaluator from the company, validated by the partner"),
])
def test_cor_by_name_is_met_by_a_small_path_that_earns_a_cor(
    make_intake: Callable[..., Path], province: str, workers: int, program: str, audit: str
) -> None:
    """A client that insists on COR is satisfied by BCCSA's Small COR and CSNS's self-evaluation tiers: the
    company keeps its own size's path instead of being sent to an external-audit program."""
    decision = decide(make_intake, province, workers,
                      client_requirements={"cor_required_by_name": True, "required_by": "Northgate Builders"})
    assert (decision.certificate, decision.program, decision.audit) == ("COR", program, audit)
    if program in ("Small COR", "Owner/Operator", "Small Business"):
        assert any(r.startswith(f"Northgate Builders requires COR by name: {decision.partner}'s {program} (")
                   and "earns a Certificate of Recognition, so it meets the requirement" in r
                   for r in decision.reasons)
    assert not any("confirm with" in c and "will certify a company this size" in c for c in decision.cautions)


def test_newfoundland_names_the_government_contract_rule(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "NL", 3)
    assert decision.procurement is not None
    assert decision.procurement.startswith("A valid COR Letter of Good Standing from NLCSA is required to bid on any "
                                           "government-funded construction contract")
    assert any(r.startswith(decision.procurement) and r.endswith("high confidence)") for r in decision.reasons)
    assert decide(make_intake, "NS", 3).procurement is None


def test_growth_past_the_line_means_cor_now(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 9, people={"expected_workers_next_12_months": 14})
    assert (decision.certificate, decision.program) == ("COR", "COR")
    assert decision.expected_workers == 14
    assert any("An expected peak of 14 workers in the next 12 months is past the SECOR line (10 or fewer workers)"
               in r for r in decision.reasons)
    # the caution uses the pack's own rule for growing past the line
    assert decision.cautions[0] == (
        "Growing past the SECOR line after certifying can mean starting over. ACSA: An employer that grows past 10 "
        "moves to regular COR at the next maintenance or certification audit in the following year. "
        "(safetypartnershipsaasp.com; high confidence)"
    )


def test_growth_within_the_line_changes_nothing(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 6, people={"expected_workers_next_12_months": 9})
    assert decision.certificate == "SECOR"
    assert not any("expected peak" in r for r in decision.reasons)


def test_ontario_has_one_scalable_cor(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "ON", 25)
    assert decision.certificate == "COR"
    assert decision.small_employer_max_workers is None
    assert decide(make_intake, "ON", 3).certificate == "COR"


def test_no_cor_program_in_pei_is_explained_not_raised(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "PE", 6)
    assert decision.certificate is None and decision.program is None and decision.pack is None
    assert decision.reasons[0].startswith("Prince Edward Island: No COR certifying partner or COR program was found")
    assert decision.reasons[0].endswith("(wcb.pe.ca news 349; workhub.com blog 'Why don't all provinces have COR'; "
                                        "medium confidence)")


@pytest.mark.parametrize(("province", "words"), [
    ("QC", "Québec: Québec runs its own prevention regime under CNESST"),
    ("YT", "Yukon: The Northern Safety Network (Yukon) is a CFCSA member"),
    ("NU", "Nunavut: The Northern Safety Association"),
])
def test_other_systems_and_unshipped_partners(make_intake: Callable[..., Path], province: str, words: str) -> None:
    decision = decide(make_intake, province, 6)
    assert decision.certificate is None
    assert decision.reasons[0].startswith(words)


def test_unknown_industry_names_what_exists(make_intake: Callable[..., Path]) -> None:
    with pytest.raises(NoPartnerError, match=r"^no certifying partner pack for industry 'forestry' in AB; packs "
                                            r"there: ACSA \(construction\); ESC \(oil_and_gas\)$"):
        decide(make_intake, "AB", 6, company={"industry": "forestry"})


def test_oil_and_gas_goes_to_energy_safety_canada(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "SK", 15, company={"industry": "oil_and_gas"})
    assert (decision.partner, decision.certificate) == ("ESC", "COR")
    assert decision.pack is not None and [e.id for e in decision.pack.pack.elements] == list("ABCDEFGHIJ")


def test_manitoba_defaults_to_csam_and_says_how_to_choose_mhca(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "MB", 6)
    assert decision.partner == "CSAM"
    assert "name mb-mhca in company.certifying_partner" in decision.reasons[0]


def test_mhca_when_named_flags_its_manitoba_only_secor(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "MB", 6, company={"certifying_partner": "mb-mhca"})
    assert decision.partner == "MHCA"
    assert decision.small_employer_max_workers is None  # MHCA's SECOR limit was not found
    assert any("recognised only in Manitoba" in c for c in decision.cautions)


def test_a_named_partner_of_another_industry_is_refused(make_intake: Callable[..., Path]) -> None:
    with pytest.raises(NoPartnerError, match="partner 'esc' does not certify industry 'construction'"):
        decide(make_intake, "AB", 6, company={"certifying_partner": "esc"})


def test_work_in_other_provinces_is_a_caution(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "AB", 15, client_requirements={"provinces_worked": ["AB", "BC", "SK"]})
    caution = next(c for c in decision.cautions if c.startswith("The company also works in BC and SK"))
    assert "reciprocity letter" in caution and caution.endswith("high confidence)")
    assert not any("also works" in c for c in decide(make_intake, "AB", 15).cautions)


def test_at_a_disputed_line_the_conflict_is_a_caution(make_intake: Callable[..., Path]) -> None:
    cautions = decide(make_intake, "SK", 9).cautions
    assert any(c.startswith("At the line: Conflict: SCSA's page heading says 'nine or fewer employees'")
               for c in cautions)


def test_unverified_facts_are_listed(make_intake: Callable[..., Path]) -> None:
    decision = decide(make_intake, "BC", 15)
    assert ("programs[small_cor].records_window: 12 months (amta.ca 2023 plan (Alberta); "
            "paramountsafetyconsulting.com (IHSA): other partners' rule, assumed; low confidence; UNVERIFIED)"
            in decision.unverified)
    assert all("UNVERIFIED" in u for u in decision.unverified)


def test_decision_rules_load_with_sources() -> None:
    rules = load_decision_rules()
    for name in type(rules).model_fields:
        rule = getattr(rules, name)
        if isinstance(rule, DecisionRule):
            assert rule.source and rule.text


def test_a_rule_with_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        DecisionRule(text="x", reason="{nonsense}", source="s", confidence="high")


@pytest.mark.parametrize(("low", "high", "words"), [
    (None, 10, "10 or fewer workers"), (11, None, "11 or more workers"), (2, 4, "2 to 4 workers"),
    (1, 1, "1 worker"), (None, None, "any number of workers"), (1, None, "any number of workers"),
])
def test_describe_size(low: int | None, high: int | None, words: str) -> None:
    from pipeline.protocols.packs import SizeRule

    size = SizeRule(min_workers=low, max_workers=high, counting="x", source="s", confidence="high")
    assert describe_size(size) == words


# ------------------------------------------------------------------ CLI


def test_recommend_json(make_intake: Callable[..., Path]) -> None:
    path = make_intake({"people": {"workers": 6}})
    result = CliRunner().invoke(main, ["recommend", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {k: data[k] for k in ("certificate", "program", "partner", "province", "workers",
                                 "small_employer_max_workers")} == {
        "certificate": "SECOR", "program": "SECOR", "partner": "ACSA", "province": "AB", "workers": 6,
        "small_employer_max_workers": 10,
    }
    assert data["audit"] == "a trained self-evaluator from the company, validated by the partner"
    assert isinstance(data["reasons"], list) and isinstance(data["cautions"], list)
    assert data["protocol"]["partner_id"] == "ab-acsa" and data["protocol"]["version"] == "2023.1"
    assert data["procurement"] is None


def test_recommend_text(make_intake: Callable[..., Path]) -> None:
    path = make_intake({"company": {"province": "BC"}, "people": {"workers": 15}})
    result = CliRunner().invoke(main, ["recommend", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Acme Roofing Ltd. (acme): British Columbia, construction, 15 workers"
    assert lines[1] == "Certificate: COR (BCCSA's \"Small COR\", program small_cor)"
    assert "Small-employer line: 19 or fewer workers" in lines
    assert "Why:" in lines


def test_recommend_counts_one_worker_and_says_what_an_unknown_count_rule_means(
        make_intake: Callable[..., Path]) -> None:
    """No "1 workers"; and NLCSA's pack has no source for who counts toward its size (counting: null), which
    recommend says in plain words rather than as a research note."""
    path = make_intake({"company": {"province": "NL"}, "people": {"workers": 1}})
    result = CliRunner().invoke(main, ["recommend", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Acme Roofing Ltd. (acme): Newfoundland and Labrador, construction, 1 worker"
    assert "  - 1 worker at peak in the past 12 months: NLCSA's COR is for any number of workers; NLCSA does not say " \
           "in the sources on file who counts toward the size, so the count is everyone on the WCB account at peak, " \
           "owners included. (nlcsa.com/cor; nlcsa.com/faq; low confidence; UNVERIFIED)" in lines
    assert not re.search(r"\b1 workers\b|not retrieved", result.output)


def test_recommend_for_pei_prints_the_explanation(make_intake: Callable[..., Path]) -> None:
    path = make_intake({"company": {"province": "PE"}})
    result = CliRunner().invoke(main, ["recommend", str(path)])
    assert result.exit_code == 0
    assert "Certificate: none available in corpath" in result.output


def test_recommend_errors_without_traceback(make_intake: Callable[..., Path]) -> None:
    path = make_intake({"company": {"industry": "forestry"}})
    result = CliRunner().invoke(main, ["recommend", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: no certifying partner pack for industry 'forestry' in AB")
    assert "Traceback" not in result.output

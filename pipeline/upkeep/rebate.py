"""What the certificate may be worth: the WCB rebate or incentive, estimated from the intake's premium figures.

`estimate_rebate(intake, decision)` applies the program's rebate rule (the pack's `rebate`: its kind picks the
formula, its fields hold every percentage, floor and cap) to the intake's `wcb` block: the annual premium, or
assessable payroll × rate per $100 / 100 when the premium is missing; Alberta's PIR uses the industry-rate
premium (assessable payroll × the industry rate per $100 / 100) and says when the company's own premium stands
in for it. The estimate says the rule in plain
words, its source and confidence, the inputs it used, and a dollar amount, or None with the reason. Money is
Decimal, rounded to cents (half up) at every figure shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..intake.model import AuditKind, CertificateStatus, Intake
from ..protocols.certificate import Decision
from ..protocols.packs import RebateRule
from .schedule import add_years, held_program

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
NO_FIGURES = ("no premium or payroll in the questionnaire (give wcb.annual_premium, or wcb.assessable_payroll with "
              "wcb.rate_per_100)")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def dollars(value: Decimal) -> str:
    return f"${value:,.2f}"


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


@dataclass(frozen=True)
class RebateEstimate:
    """A rebate estimate: the rule, the inputs, and the amount (None with `reason` when it cannot be given)."""

    client: str
    partner: str
    program: str
    kind: str  # the pack's rebate kind: ab_pir, bc_coi, mb_prevention, nl_prime, ns_pir, none, unknown
    rule: str  # the rule in plain words
    source: str | None
    confidence: str
    unverified: bool
    note: str | None  # the pack's caveats (eligibility, older rules)
    inputs: dict[str, Decimal] = field(default_factory=dict)  # intake figures used, and the premium derived
    amount: Decimal | None = None  # a year's estimate, in dollars
    calculation: list[str] = field(default_factory=list)  # how the amount was reached, one step a line
    reason: str | None = None  # why there is no amount
    ceiling: Decimal | None = None  # a higher figure that is possible, not promised (Alberta's up to 20%)
    first_year: bool | None = None
    base: str | None = None  # what the percentage was applied to, in words (e.g. "the industry-rate premium")

    @property
    def provenance(self) -> str:
        if self.source is None:
            return "(no source found; UNVERIFIED)"
        return f"({self.source}; {self.confidence} confidence{'; UNVERIFIED' if self.unverified else ''})"

    @property
    def basis(self) -> str:
        """The calculation step that gives the amount (or the rule, when there is no amount)."""
        if self.amount is not None:
            for step in self.calculation:
                if dollars(self.amount) in step:
                    return step
        return self.rule

    def summary(self) -> str:
        """One line: `$590.00 a year (ACSA SECOR, ab_pir)` or `no estimate: <reason>`."""
        if self.amount is None:
            return f"no estimate: {self.reason}"
        return f"{dollars(self.amount)} a year ({self.partner} {self.program})"

    def lines(self) -> list[str]:
        out = [f"Rebate: {self.summary()}", f"  rule: {self.rule} {self.provenance}"]
        out += [f"  {step}" for step in self.calculation]
        if self.note:
            out.append(f"  note: {self.note}")
        return out

    def to_dict(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "client": self.client, "partner": self.partner, "program": self.program, "kind": self.kind,
            "rule": self.rule, "source": self.source, "confidence": self.confidence, "unverified": self.unverified,
            "note": self.note, "inputs": {k: num(v) for k, v in self.inputs.items()}, "amount": num(self.amount),
            "calculation": list(self.calculation), "reason": self.reason, "ceiling": num(self.ceiling),
            "first_year": self.first_year, "base": self.base,
        }


def annual_premium(intake: Intake) -> tuple[Decimal | None, dict[str, Decimal], str | None]:
    """The premium to use, the intake figures it came from, and how it was reached (None when given)."""
    wcb = intake.wcb
    premium, payroll, rate = _dec(wcb.annual_premium), _dec(wcb.assessable_payroll), _dec(wcb.rate_per_100)
    industry = _dec(wcb.industry_rate_per_100)
    inputs = {k: v for k, v in (("annual_premium", premium), ("assessable_payroll", payroll),
                                ("rate_per_100", rate), ("industry_rate_per_100", industry)) if v is not None}
    if premium is not None:
        return money(premium), inputs, None
    if payroll is not None and rate is not None:
        derived = money(payroll * rate / HUNDRED)
        return derived, inputs, (f"Premium: no annual premium in the questionnaire, so payroll {dollars(payroll)} × "
                                 f"{rate.normalize():f} per $100 / 100 = {dollars(derived)}.")
    return None, inputs, None


def is_first_year(intake: Intake, today: dt.date) -> bool:
    """Whether the estimate is for the first certified year: not certified yet (the first year is ahead), or
    certified less than a year ago with no maintenance or recertification audit recorded."""
    cert = intake.certificate
    if cert.status != CertificateStatus.certified:
        return True
    later = any(a.kind in (AuditKind.maintenance, AuditKind.recertification) for a in cert.audits)
    return not later and today < add_years(cert.issued, 1)


def estimate_rebate(intake: Intake, decision: Decision, *, first_year: bool | None = None,
                    today: dt.date | None = None) -> RebateEstimate:
    """The rebate the certificate may earn in a year, from the program's rule and the intake's `wcb` figures.

    `first_year` (Alberta's first-time COR rate): None works it out from the certificate's state on `today`.
    Raises NoPartnerError when the decision has no COR program.
    """
    program, _ = held_program(intake, decision)
    rule = program.rebate.for_province(intake.company.province)  # the rebate follows the WCB account's province
    partner = decision.pack.pack.partner.abbreviation
    if first_year is None:
        first_year = is_first_year(intake, today or dt.date.today())
    premium, inputs, derived = annual_premium(intake)
    base = dict(client=intake.client, partner=partner, program=program.name, kind=rule.kind, rule=rule.description,
                source=rule.source, confidence=rule.confidence.value, unverified=rule.unverified, note=rule.note,
                inputs=dict(inputs), first_year=first_year)
    steps = [derived] if derived else []
    if premium is not None:
        base["inputs"]["premium_used"] = premium

    formula = FORMULAS.get(rule.kind)
    if formula is None:
        # the reason is printed in the client's gap report: plain words, no research notes (those stay in `rule`
        # and `note`, and an unverified rule goes to the consultant's review list)
        if rule.kind == "none":
            reason = "none known: no WCB rebate is tied to this certificate"
        elif rule.unverified:
            reason = "none known: no WCB rebate tied to this certificate is known"
        else:
            reason = rule.description.strip().rstrip(".")
        return RebateEstimate(**base, reason=reason)
    return formula(rule, premium, inputs, steps, first_year, base)


def _pir(rule: RebateRule, premium: Decimal | None, inputs: dict[str, Decimal], steps: list[str],
        first_year: bool, base: dict[str, Any]) -> RebateEstimate:
    """Alberta PIR: a percentage of the industry-rate premium (assessable payroll × the industry rate per $100 / 100;
    AMHSA PIR process, ACSA), not of the company's experience-adjusted premium; the first-year rate where the pack
    gives one; the ceiling shown. Without an industry rate the company's own premium stands in, and the estimate
    says so."""
    payroll, industry = inputs.get("assessable_payroll"), inputs.get("industry_rate_per_100")
    if payroll is not None and industry is not None:
        industry_premium = money(payroll * industry / HUNDRED)
        steps = [f"Industry-rate premium: payroll {dollars(payroll)} × industry rate {industry.normalize():f} per "
                 f"$100 / 100 = {dollars(industry_premium)} (PIR refunds are a share of this, not of the company's "
                 f"own premium)."]
        premium, what = industry_premium, "the industry-rate premium"
        base = {**base, "base": what, "inputs": {**base["inputs"], "industry_rate_premium": industry_premium}}
    elif premium is not None:
        what = "the company's premium, standing in for the industry-rate premium"
        steps.append(f"Base: PIR refunds are a share of the industry-rate premium (payroll × the industry rate); the "
                     f"intake gives no wcb.industry_rate_per_100, so the company's premium {dollars(premium)} stands "
                     f"in, which differs from it by the company's experience rating.")
        base = {**base, "base": what}
    else:
        return RebateEstimate(**base, reason=NO_FIGURES + "; for Alberta, wcb.assessable_payroll with "
                              "wcb.industry_rate_per_100")
    percent = _dec(rule.percent)
    if first_year and rule.first_year_percent is not None:
        percent = _dec(rule.first_year_percent)
        why = "the first-year rate for a first-time holder"
    elif first_year:
        why = "the rate for holding a certificate; the pack gives no first-year rate for this program"
    else:
        why = "the rate for achieving or maintaining a certificate"
    amount = money(premium * percent / HUNDRED)
    steps.append(f"Refund: {_pct(percent)} of {what} {dollars(premium)} = {dollars(amount)} ({why}).")
    ceiling = None
    if rule.max_percent is not None:
        top = _dec(rule.max_percent)
        ceiling = money(premium * top / HUNDRED)
        steps.append(f"Possible, not promised: up to {_pct(top)} ({dollars(ceiling)}) for improving on the company's "
                     f"own injury history or for industry leadership; it depends on performance.")
    return RebateEstimate(**base, amount=amount, calculation=steps, ceiling=ceiling)


def _coi(rule: RebateRule, premium: Decimal | None, inputs: dict[str, Decimal], steps: list[str],
        first_year: bool, base: dict[str, Any]) -> RebateEstimate:
    """WorkSafeBC: a percentage of the base assessment; the small-employer amount (a share of premium up to a
    cap) is a minimum, so the larger of the two is paid (bcforestsafe.org cor_rebates, cited by the pack)."""
    payroll, rate = inputs.get("assessable_payroll"), inputs.get("rate_per_100")
    if payroll is not None and rate is not None:
        assessment = money(payroll * rate / HUNDRED)
        also = ("" if "annual_premium" in inputs
                else "; with no annual premium in the questionnaire, it stands in for the premium")
        steps = [f"Base assessment: payroll {dollars(payroll)} × base rate {rate.normalize():f} per $100 / 100 = "
                 f"{dollars(assessment)}{also}."]
    elif premium is not None:
        assessment = premium
        steps.append(f"Base assessment: no payroll and base rate in the questionnaire, so the premium "
                     f"{dollars(premium)} stands in for it (the rule uses the base assessment before any surcharge "
                     f"or discount).")
    else:
        return RebateEstimate(**base, reason=NO_FIGURES)
    percent = _dec(rule.percent)
    standard = money(assessment * percent / HUNDRED)
    steps.append(f"Incentive: {_pct(percent)} of the base assessment = {dollars(standard)}.")
    amount = standard
    # a small-employer alternative whose own source is unverified (BC's, traced to a forestry partner's page) is
    # not counted: the claim goes to the consultant's review list, not the client's gap report (review 7)
    small_rule = rule.small_employer
    if (rule.small_employer_percent_of_premium is not None and premium is not None
            and not (small_rule is not None and small_rule.unverified)):
        share = _dec(rule.small_employer_percent_of_premium)
        cap = _dec(rule.small_employer_cap_dollars)
        small = money(premium * share / HUNDRED)
        if cap is not None:
            small = min(small, money(cap))
        capped = f" up to {dollars(money(cap))}" if cap is not None else ""
        minimum = "a minimum payment for small employers" + (f" ({small_rule.source})" if small_rule else "")
        if small > standard:
            amount = small
            steps.append(f"Small-employer rule applies: {_pct(share)} of the premium {dollars(premium)}{capped} = "
                         f"{dollars(small)}, {minimum}, more than the {_pct(percent)} rule.")
        else:
            steps.append(f"Small-employer rule, {minimum}: {_pct(share)} of the premium{capped} = "
                         f"{dollars(small)}; the {_pct(percent)} rule gives more and applies.")
    return RebateEstimate(**base, amount=amount, calculation=steps)


def _prevention(rule: RebateRule, premium: Decimal | None, inputs: dict[str, Decimal], steps: list[str],
        first_year: bool, base: dict[str, Any]) -> RebateEstimate:
    """Manitoba: the greater of a percentage of premium or a dollar floor, capped at a share of premium."""
    if premium is None:
        return RebateEstimate(**base, reason=NO_FIGURES)
    percent = _dec(rule.percent)
    share = money(premium * percent / HUNDRED)
    amount, words = share, f"{_pct(percent)} of the premium {dollars(premium)} = {dollars(share)}"
    if rule.minimum_dollars is not None:
        floor = money(_dec(rule.minimum_dollars))
        if floor > share:
            amount, words = floor, f"{words}; the {dollars(floor)} floor is greater"
        else:
            words = f"{words}; more than the {dollars(floor)} floor"
    if rule.cap_percent_of_premium is not None:
        cap_share = _dec(rule.cap_percent_of_premium)
        cap = money(premium * cap_share / HUNDRED)
        if amount > cap:
            amount, words = cap, f"{words}; capped at {_pct(cap_share)} of the premium = {dollars(cap)}"
    steps.append(f"Rebate: {words}.")
    return RebateEstimate(**base, amount=amount, calculation=steps)


def _prime(rule: RebateRule, premium: Decimal | None, inputs: dict[str, Decimal], steps: list[str],
        first_year: bool, base: dict[str, Any]) -> RebateEstimate:
    """Newfoundland and Labrador PRIME: a percentage of average annual assessments (one year's stands in)."""
    if premium is None:
        return RebateEstimate(**base, reason=NO_FIGURES)
    percent = _dec(rule.percent)
    amount = money(premium * percent / HUNDRED)
    steps.append(f"Practice refund: {_pct(percent)} of average annual assessments; the intake gives one year, so "
                 f"{_pct(percent)} of {dollars(premium)} = {dollars(amount)}. The experience refund or charge is "
                 f"not estimated.")
    return RebateEstimate(**base, amount=amount, calculation=steps)


def _percent_of_premium(rule: RebateRule, premium: Decimal | None, inputs: dict[str, Decimal], steps: list[str],
        first_year: bool, base: dict[str, Any]) -> RebateEstimate:
    """A plain percentage of premium, when the pack knows it (Nova Scotia's is not published)."""
    if rule.percent is None:
        return RebateEstimate(**base, reason="the rebate is a percentage of premiums that the board sets each year; "
                                             "this year's percentage is not on file, so no dollar figure is given")
    if premium is None:
        return RebateEstimate(**base, reason=NO_FIGURES)
    percent = _dec(rule.percent)
    amount = money(premium * percent / HUNDRED)
    steps.append(f"Rebate: {_pct(percent)} of the premium {dollars(premium)} = {dollars(amount)}.")
    return RebateEstimate(**base, amount=amount, calculation=steps)


FORMULAS = {"ab_pir": _pir, "bc_coi": _coi, "mb_prevention": _prevention, "nl_prime": _prime,
            "ns_pir": _percent_of_premium}

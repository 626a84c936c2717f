"""Protocol packs: every shipped pack loads, every rule has a source, questions point at real sections and records,
and two versions of a pack can be compared."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.errors import InputError, NoPartnerError
from pipeline.intake.model import PRACTICE_NAMES, Activity, Province
from pipeline.protocols.certificate import choose_program
from pipeline.protocols.diff import diff_packs
from pipeline.protocols.packs import (
    PROTOCOLS,
    TEMPLATES,
    Fact,
    all_packs,
    find_pack,
    iter_facts,
    latest_packs,
    load_instrument,
    load_jurisdictions,
    load_pack,
    pack_order,
    pack_paths,
    select_pack,
)

TEST_PACKS = Path(__file__).parent / "data" / "protocols"
SHIPPED = pack_paths()
EXPECTED_PARTNERS = {"ab-acsa", "bc-bccsa", "sk-scsa", "mb-csam", "mb-mhca", "on-ihsa", "ns-csns", "nb-nbcsa",
                     "nl-nlcsa", "esc"}


def _ids(path: str) -> set[str]:
    data = YAML(typ="safe", pure=True).load((TEMPLATES / path).read_text(encoding="utf-8"))
    key = "sections" if "catalogue" in path else "records"
    return {item["id"] for item in data[key]}


SECTIONS = _ids("sections/catalogue.yaml")
RECORDS = _ids("records.yaml")
# Sections a protocol question cannot name: the forms appendix is assembled, not audited, and the sections
# written only for contractor platforms (drug and alcohol, short-service employees, permit to work) are in a
# program only when a platform or hiring client asks for them.
PLATFORM_ONLY = {item["id"] for item in YAML(typ="safe", pure=True).load(
    (TEMPLATES / "sections/catalogue.yaml").read_text(encoding="utf-8"))["sections"] if item.get("when") == "platform"}
NOT_AUDITED = {"forms"} | PLATFORM_ONLY


def test_every_partner_is_shipped() -> None:
    assert {lp.pack.partner.id for lp in all_packs()} == EXPECTED_PARTNERS
    assert not any("test-partner" in str(p) for p in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_pack_loads(path: Path) -> None:
    loaded = load_pack(path)
    assert loaded.pack.partner.id == path.parent.name and loaded.pack.version == path.stem
    assert len(loaded.sha256) == 64


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_every_rule_has_a_source(path: Path) -> None:
    """Thresholds, pass marks, cycles, validity, records windows, courses and rebates all carry a source.

    Only a fact whose value is null (not found) may have no source, and it is then low confidence.
    """
    missing = []
    for where, fact in iter_facts(load_pack(path).pack):
        if fact.source is None:
            if not (isinstance(fact, Fact) and fact.value is None):
                missing.append(where)
            elif fact.confidence.value != "low":
                missing.append(f"{where} (null without a source must be low confidence)")
    assert missing == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_questions_point_at_real_sections_records_practices_and_activities(path: Path) -> None:
    pack = load_pack(path).pack
    activities = {a.value for a in Activity}
    for element in pack.elements:
        for question in element.questions:
            where = f"{pack.partner.id} {question.id}"
            assert set(question.sections) <= SECTIONS - NOT_AUDITED, where
            assert set(question.records) <= RECORDS, where
            assert question.practice is None or question.practice in PRACTICE_NAMES, where
            assert set(question.activities or []) <= activities, where
            assert len(question.evidence) == len(set(question.evidence)), where


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_pack_covers_every_audited_section(path: Path) -> None:
    named = {s for e in load_pack(path).pack.elements for q in e.questions for s in q.sections}
    assert SECTIONS - NOT_AUDITED - named == set()


CONSTRUCTION = [p for p in SHIPPED if "construction" in [i.value for i in load_pack(p).pack.partner.industries]]


@pytest.mark.parametrize("path", CONSTRUCTION, ids=lambda p: p.parent.name)
def test_construction_pack_names_every_record(path: Path) -> None:
    pack = load_pack(path).pack
    named = {r for e in pack.elements for q in e.questions for r in q.records}
    assert RECORDS - named == set()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_elements_are_realistic(path: Path) -> None:
    loaded = load_pack(path)
    pack = loaded.pack
    # a partner's published instrument sets its own number of questions; corpath's own lists stay in a sane range
    published = loaded.instrument is not None and loaded.instrument.questions_published.value is not None
    for element in pack.elements:
        asked = [q for q in element.questions if not q.activities]
        assert 1 <= len(asked) if published else 3 <= len(asked) <= 11, f"{pack.partner.id} element {element.id}"
        assert 20 <= sum(q.points for q in asked) <= 120, f"{pack.partner.id} element {element.id}"
        for program in pack.programs:
            assert pack.questions(program.id), program.id


def test_acsa_hazard_control_matches_its_published_weight() -> None:
    pack = find_pack("ab-acsa", "2019").pack
    element = next(e for e in pack.elements if e.id == "6")
    assert sum(q.points for q in element.questions) == 120
    violence = [q for q in element.questions if q.id in ("6.9", "6.10", "6.11")]
    assert sum(q.points for q in violence) == 30
    assert all(q.sections[0] == "violence_harassment" for q in violence)


@pytest.mark.parametrize(("partner", "max_workers"), [
    ("ab-acsa", 10), ("bc-bccsa", 19), ("sk-scsa", 9), ("mb-csam", 9), ("ns-csns", 4), ("esc", 10),
])
def test_small_employer_lines(partner: str, max_workers: int) -> None:
    pack = find_pack(partner).pack
    assert max(p.size.max_workers or 0 for p in pack.programs if p.is_small_employer) == max_workers


def test_size_tiers_do_not_overlap() -> None:
    """Within a pack, no headcount fits two small-employer paths or two other programs (MHCA aside: its SECOR
    limit was not found). A COR open to small employers too (ACSA's, from 2 workers) may overlap a SECOR."""
    for loaded in latest_packs():
        if loaded.pack.partner.id == "mb-mhca":
            continue
        for workers in range(1, 60):
            for small in (True, False):
                fitting = [p.id for p in loaded.pack.programs
                           if p.size.fits(workers) and p.is_small_employer == small]
                assert len(fitting) <= 1, (loaded.pack.partner.id, workers, fitting)


def test_where_cor_and_secor_overlap_the_default_is_the_small_path() -> None:
    pack = find_pack("ab-acsa").pack
    assert pack.program("cor").size.min_workers == 2
    for workers in range(2, 11):
        assert choose_program(pack.programs, workers).id == "secor"
    assert choose_program(pack.programs, 11).id == "cor"


def test_a_small_path_that_earns_a_cor_is_still_the_small_employer_path() -> None:
    bccsa = find_pack("bc-bccsa").pack
    assert (bccsa.version, bccsa.effective.isoformat()) == ("2024.1", "2024-01-01")
    small = bccsa.program("small_cor")
    assert (small.certificate, small.is_small_employer, small.audits.certification.who.value) == (
        "COR", True, "internal_auditor")
    csns = find_pack("ns-csns").pack
    assert [(p.id, p.certificate, p.is_small_employer) for p in csns.programs] == [
        ("owner_operator", "COR", True), ("small_business", "COR", True),
        ("intermediate", "COR", False), ("standard", "COR", False)]


def test_esc_elements_are_lettered_a_to_j() -> None:
    pack = find_pack("esc").pack
    assert [(e.id, e.name) for e in pack.elements] == [
        ("A", "Management Involvement and Commitment"), ("B", "Hazard Assessment"), ("C", "Hazard Control"),
        ("D", "Inspections"), ("E", "Qualifications, Orientation and Training"), ("F", "Emergency Response"),
        ("G", "Incident Reporting and Investigation"), ("H", "System Administration"),
        ("I", "Other Affected Parties"), ("J", "Joint Health and Safety Committee / Representative")]
    investigations = next(e for e in pack.elements if e.id == "G")
    assert [q.id for q in investigations.questions][:3] == ["G1", "G2", "G3"]
    assert all(q.id.startswith(e.id) and q.id[1:].isdigit() for e in pack.elements for q in e.questions)


def test_corrected_facts_carry_their_sources() -> None:
    acsa = find_pack("ab-acsa").pack
    secor_maintenance = acsa.program("secor").maintenance_pass.overall_percent
    assert (secor_maintenance.value, secor_maintenance.confidence.value) == (60, "low")
    assert acsa.program("cor").maintenance_pass.overall_percent.confidence.value == "high"
    assert "industry-rate premium" in acsa.program("cor").rebate.description
    csam = find_pack("mb-csam").pack.program("cor")
    assert (csam.records_window.months, csam.records_window.confidence.value) == (3, "medium")
    assert csam.maintenance.deadline == "before_anniversary_month"
    assert csam.audits.maintenance.who.value == "partner_staff"
    ihsa = find_pack("on-ihsa").pack
    assert "Ontario Safe Employers Rebate" in ihsa.programs[0].rebate.description
    assert "Health and Safety Excellence" not in ihsa.programs[0].rebate.description
    assert any("14 elements confirmed" in e.change for e in ihsa.changelog)


@pytest.mark.parametrize("partner", ["ab-acsa", "bc-bccsa", "esc", "mb-csam", "ns-csns", "on-ihsa"])
def test_a_corrected_pack_is_a_new_version_with_a_dated_sourced_changelog(partner: str) -> None:
    versions = sorted((lp for lp in all_packs() if lp.pack.partner.id == partner), key=pack_order)
    assert len(versions) >= 2
    old, new = versions[-2].pack, versions[-1].pack
    assert find_pack(partner).pack.version == new.version  # the correction is the version in effect
    assert new.changelog and new.changelog[:len(old.changelog)] == old.changelog  # a changelog only grows
    for entry in new.changelog:
        assert entry.date.isoformat() == "2026-11-30" and entry.source and entry.change


def test_the_ihsa_province_is_quoted() -> None:
    """YAML 1.1 reads a bare ON as true; the pack quotes it."""
    text = (PROTOCOLS / "on-ihsa" / "2022.1.yaml").read_text(encoding="utf-8")
    assert 'provinces: ["ON"]' in text


@pytest.mark.parametrize(("partner", "kind", "fields"), [
    ("ab-acsa", "ab_pir", {"percent": 5, "first_year_percent": 10, "max_percent": 20}),
    ("bc-bccsa", "bc_coi",
     {"percent": 10, "small_employer_percent_of_premium": 75, "small_employer_cap_dollars": 1000}),
    ("mb-csam", "mb_prevention", {"percent": 15, "minimum_dollars": 3000, "cap_percent_of_premium": 75}),
    ("mb-mhca", "mb_prevention", {"percent": 15, "minimum_dollars": 3000, "cap_percent_of_premium": 75}),
    ("nl-nlcsa", "nl_prime", {"percent": 5}),
    ("ns-csns", "ns_pir", {"percent": None}),
    ("sk-scsa", "none", {}),
    ("nb-nbcsa", "unknown", {}),
    ("on-ihsa", "unknown", {}),
])
def test_rebates(partner: str, kind: str, fields: dict[str, float | None]) -> None:
    rebate = find_pack(partner).pack.programs[0].rebate
    assert rebate.kind == kind
    assert {k: getattr(rebate, k) for k in fields} == fields


def test_alberta_short_certificate_and_growth_rule() -> None:
    secor = find_pack("ab-acsa").pack.program("secor")
    assert (secor.records_window.months, secor.records_window.short.months,
            secor.records_window.short.validity_years) == (12, 3, 1)
    assert "next maintenance or certification audit in the following year" in secor.on_exceeding_size.note
    assert find_pack("ab-acsa").pack.program("cor").maintenance_pass.overall_percent.value == 60


def test_mhca_is_not_the_default_and_its_secor_stays_home() -> None:
    pack = find_pack("mb-mhca").pack
    assert pack.partner.default is False
    flag = pack.program("secor").recognised_outside_province
    assert flag.value is False and flag.source == "mhcaworksafely.ca"
    assert select_pack("MB", "construction").pack.partner.id == "mb-csam"
    assert select_pack("MB", "construction", "mb-mhca").pack.partner.id == "mb-mhca"


@pytest.mark.parametrize(("partner", "words"), [
    ("sk-scsa", "fewer than nine"), ("bc-bccsa", "SEBASE"),
])
def test_size_conflicts_are_in_the_notes(partner: str, words: str) -> None:
    notes = " ".join(p.size.note or "" for p in find_pack(partner).pack.programs)
    assert words in notes


def test_ihsa_scoring_conflict_is_noted() -> None:
    passing = find_pack("on-ihsa").pack.program("cor").certification_pass
    assert "65% per element" in passing.overall_percent.note and "100% on legislated" in passing.overall_percent.note


def test_find_pack_by_abbreviation_and_unknown() -> None:
    assert find_pack("acsa").pack.partner.id == "ab-acsa"
    with pytest.raises(NoPartnerError, match="no protocol pack for partner 'nope'; packs: ab-acsa"):
        find_pack("nope")
    with pytest.raises(NoPartnerError, match="partner 'ab-acsa' has no protocol version '1999'; versions: 2019"):
        find_pack("ab-acsa", "1999")


def test_pack_in_the_wrong_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "wrong-name" / "1.yaml"
    target.parent.mkdir()
    target.write_text((TEST_PACKS / "test-partner" / "1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="partner.id: must equal the folder name 'wrong-name'"):
        load_pack(target)


def test_broken_pack_reports_located_problems(tmp_path: Path) -> None:
    target = tmp_path / "test-partner" / "1.yaml"
    target.parent.mkdir()
    text = (TEST_PACKS / "test-partner" / "1.yaml").read_text(encoding="utf-8")
    target.write_text(text.replace("deadline: calendar_year_end", "deadline: someday", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"1\.yaml:\d+:\d+: programs\[0\]\.maintenance\.deadline: unknown value "
                                         r"'someday'"):
        load_pack(target)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_pack_states_its_points_rule(path: Path) -> None:
    loaded = load_pack(path)
    rule = loaded.points_basis
    # the pack's own rule, or the instrument's; an assumed rule says so and goes to the consultant
    assert (loaded.pack.points is None) == (loaded.instrument is not None)
    assert rule.source and (rule.published or rule.unverified)
    assert rule.statement.startswith("The questions carry the partner's published points" if rule.published
                                     else "Assumed by corpath")
    if rule.per_question is not None:
        assert {q.points for e in loaded.pack.elements for q in e.questions} == {rule.per_question}
    for total in rule.element_totals:
        element = next(e for e in loaded.pack.elements if e.id == total.element)
        assert sum(q.points for q in element.questions) == total.points


def test_acsa_2019_publishes_one_element_total() -> None:
    rule = find_pack("ab-acsa", "2019.1").points_basis
    assert not rule.published and [(t.element, t.points, t.confidence.value) for t in rule.element_totals] == [
        ("6", 120, "high")]
    assert "element 6 totals 120 points (youracsa.ca" in rule.statement


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  per_question: 10\n", "  per_question: 15\n",
     "question '1.1' carries 10 points where the points rule gives every question 15"),
    ("  confidence: low\n", "  confidence: low\n  element_totals:\n    - {element: '2', points: 25, source: x, "
     "confidence: high}\n", "element 2's questions add up to 20 points, where the published total is 25"),
    ("  published: false\n", "  published: true\n", "published points need a source at medium or high confidence"),
    ("points:\n  published: false\n  per_question: 10\n  source: corpath's own weights (test data)\n"
     "  confidence: low\n", "", "a pack without an instrument states its points rule in `points:`"),
])
def test_points_rule_is_checked_on_load(tmp_path: Path, old: str, new: str, message: str) -> None:
    target = tmp_path / "test-partner" / "1.yaml"
    target.parent.mkdir()
    text = (TEST_PACKS / "test-partner" / "1.yaml").read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_pack(target)


# ------------------------------------------------------------------ jurisdictions


def test_every_province_has_a_jurisdiction() -> None:
    provinces = load_jurisdictions().provinces
    assert set(provinces) == set(Province)
    with_packs = {p.value for lp in all_packs() for p in lp.pack.partner.provinces}
    for code, jurisdiction in provinces.items():
        assert jurisdiction.source and jurisdiction.explanation
        assert (jurisdiction.status == "partners") == (code.value in with_packs), code
    assert {c.value: j.status for c, j in provinces.items() if j.status != "partners"} == {
        "PE": "none", "QC": "other_system", "YT": "not_shipped", "NT": "not_shipped", "NU": "not_shipped",
    }


def test_select_pack_for_a_province_without_cor_explains() -> None:
    with pytest.raises(NoPartnerError, match=r"^PE: No COR certifying partner"):
        select_pack("PE", "construction")


# ------------------------------------------------------------------ comparing versions


def test_diff_packs() -> None:
    old, new = find_pack("test-partner", "1", TEST_PACKS), find_pack("test-partner", "2", TEST_PACKS)
    diff = diff_packs(old, new)
    assert [(e.id, e.name) for e in diff.elements_added] == [("4", "Contractors")]
    assert [(e.id, e.name) for e in diff.elements_removed] == [("3", "Committee")]
    assert [(e.id, [(c.path, c.old, c.new) for c in e.changes]) for e in diff.elements_changed] == [
        ("1", [("name", "Management Leadership", "Management Leadership and Commitment")])]
    assert [q.id for q in diff.questions_added] == ["2.3", "4.1"]
    assert [q.id for q in diff.questions_removed] == ["2.2", "3.1"]
    (changed,) = diff.questions_changed
    assert changed.id == "1.2" and changed.sections == ["policy", "roles"]
    assert [(c.path, c.old, c.new) for c in changed.changes] == [
        ("text", "Do workers know the policy?", "Can workers explain the policy?"),
        ("evidence", ["interview"], ["interview", "observation"]),
        ("points", 10, 20),
        ("sections", ["policy"], ["policy", "roles"]),
    ]
    rules = {c.path: (c.old, c.new) for c in diff.rules}
    assert rules["programs[secor].size.max_workers"] == (10, 12)
    assert rules["programs[cor].certification_pass.overall_percent.value"] == (80, 75)
    assert rules["programs[cor].courses[Auditor Training]"][0] is None
    assert rules["effective"] == ("2020-01-01", "2021-01-01")
    assert diff.sections() == ["committee", "contractors", "hazard_assessment", "hazard_control", "policy", "roles"]
    assert not diff.empty
    assert diff_packs(old, old).empty


def test_protocols_diff_cli_text() -> None:
    result = CliRunner().invoke(main, ["protocols", "--root", str(TEST_PACKS), "diff", "test-partner", "1", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "test-partner: 1 -> 2",
        "Elements: 1 added, 1 removed, 1 changed",
        "  + 4 Contractors",
        "  - 3 Committee",
        "  ~ 1 name: 'Management Leadership' -> 'Management Leadership and Commitment'",
    ]
    assert "  ~ 1.2 text: 'Do workers know the policy?' -> 'Can workers explain the policy?'" in lines
    assert "        points: 10 -> 20" in lines
    assert "  ~ programs[secor].size.max_workers: 10 -> 12" in lines
    assert "  + programs[cor].courses[Auditor Training]: (none) -> Auditor Training" in lines


def test_protocols_diff_cli_json_with_env_root() -> None:
    result = CliRunner(env={"CORPATH_PROTOCOLS": str(TEST_PACKS)}).invoke(
        main, ["protocols", "diff", "test-partner", "1", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["partner"], data["old_version"], data["new_version"]) == ("test-partner", "1", "2")
    assert [q["id"] for q in data["questions_removed"]] == ["2.2", "3.1"]
    assert {"path": "programs[secor].size.max_workers", "old": 10, "new": 12} in data["rules"]
    assert data["sections"][0] == "committee"


def test_protocols_diff_unknown_version() -> None:
    result = CliRunner().invoke(main, ["protocols", "--root", str(TEST_PACKS), "diff", "test-partner", "1", "9"])
    assert result.exit_code == 1
    assert result.output == "error: partner 'test-partner' has no protocol version '9'; versions: 1, 2\n"


def test_protocols_list() -> None:
    result = CliRunner().invoke(main, ["protocols", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["PARTNER", "ABBR", "PROVINCES", "INDUSTRIES", "VERSION", "EFFECTIVE", "PROGRAMS"]
    assert any(line.split()[:6] == ["bc-bccsa", "BCCSA", "BC", "construction", "2022", "2022-08-01"]
               and line.endswith("Large COR [COR], Small COR [SECOR] (not in effect)") for line in lines)
    assert any(line.split()[:6] == ["bc-bccsa", "BCCSA", "BC", "construction", "2024", "2024-01-01"]
               and line.endswith("Large COR [COR], Small COR [SECOR] (not in effect)") for line in lines)
    assert any(line.split()[:6] == ["bc-bccsa", "BCCSA", "BC", "construction", "2024.1", "2024-01-01"]
               and line.endswith("Large COR [COR], Small COR [COR, small employer]") for line in lines)
    versions = [line.split()[4] for line in lines if line.startswith("ab-acsa")]
    assert versions == ["2019", "2019.1", "2023", "2023.1"]
    assert any(line.startswith("mb-mhca") and line.endswith("(not default)") for line in lines)
    data = json.loads(CliRunner().invoke(main, ["protocols", "list", "--json"]).output)
    assert {row["partner"] for row in data} == EXPECTED_PARTNERS


def test_protocols_list_marks_old_versions() -> None:
    result = CliRunner().invoke(main, ["protocols", "--root", str(TEST_PACKS), "list"])
    assert [line.endswith("(not in effect)") for line in result.output.splitlines()[1:]] == [True, False]


def test_protocols_show_text() -> None:
    result = CliRunner().invoke(main, ["protocols", "show", "ACSA", "--version", "2019.1"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Instrument:" not in out
    assert out.startswith("ACSA: Alberta Construction Safety Association (ab-acsa)\n"
                          "Protocol 2019.1, effective 2019-01-01; provinces AB; industries construction")
    assert "Changes in this version:\n  - 2026-11-30: COR is open to any employer with 2 or more workers" in out
    assert "  size:             10 or fewer workers; counts everyone covered" in out
    assert "(aasp.ca; youracsa.ca 2024 updates; low confidence; UNVERIFIED)" in out
    assert "Elements (10); questions per program: cor 58, secor 56" in out
    assert "    6  Hazard Control" in out


def test_protocols_show_json() -> None:
    result = CliRunner().invoke(main, ["protocols", "show", "bc-bccsa", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["name"] for p in data["programs"]] == ["Large COR", "Small COR"]
    assert data["programs"][1]["size"]["max_workers"] == 19
    # the committee questions (13.4, 13.5) of the national instrument are for COR: BCCSA's Large COR, not Small COR
    assert len(data["elements"]) == 14 and data["elements"][12]["by_program"] == {"large_cor": 6, "small_cor": 4}
    assert data["elements"][13]["name"] == "Procurement and Contractor Management"
    assert (data["instrument"]["id"], data["instrument"]["questions"]) == ("cfcsa-national-2023", 76)
    assert data["instrument"]["questions_published"]["value"] is None and data["instrument"]["complete"] is False
    assert "programs[small_cor].records_window" in data["unverified"]


def test_protocols_root_is_hidden_from_help() -> None:
    result = CliRunner().invoke(main, ["protocols", "--help"])
    assert result.exit_code == 0 and "--root" not in result.output


def test_shipped_root_is_the_default() -> None:
    assert PROTOCOLS == TEMPLATES / "protocols"


# ----------------------------------------------------------------------------- whole audit instruments (issue 21)

INSTRUMENTS = sorted((PROTOCOLS / "instruments").glob("*.yaml"))
# Questions per element of each instrument, as the source that counted them publishes them (see its file)
PUBLISHED_PER_ELEMENT = {
    "ihsa-cor-2020-v2": [12, 13, 11, 7, 7, 10, 10, 20, 12, 11, 18, 9, 7, 14],
    "acsa-2023": [12, 10, 9, 17, 13, 11, 11, 10, 9, 6],
}


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.stem)
def test_instrument_holds_the_published_count(path: Path) -> None:
    instrument = load_instrument(path)
    count = instrument.questions_published
    if count.value is None:
        # a partial list says so, and no count is claimed without a source
        assert count.source is None and count.confidence.value == "low"
        assert "partial" in (instrument.note or "") and not instrument.complete
    else:
        assert instrument.question_count == count.value and instrument.complete
        assert [len(e.questions) for e in instrument.elements] == PUBLISHED_PER_ELEMENT[instrument.id]
    assert instrument.points.source and instrument.points.confidence.value == "low"  # points are assumed: say so


@pytest.mark.parametrize("path", [p for p in SHIPPED if load_pack(p).instrument is not None],
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_pack_asks_every_question_of_its_instrument(path: Path) -> None:
    loaded = load_pack(path)
    instrument = loaded.instrument
    assert instrument is not None and loaded.pack.partner.id in instrument.partners
    asked = [(e.id, q.id, q.text) for e in loaded.pack.elements for q in e.questions]
    held = [(e.id, q.id, q.text) for e in instrument.elements for q in e.questions]
    assert asked[:len(held)] == held  # the instrument's questions come first, in its order, none dropped
    if instrument.questions_published.value is not None:
        assert len(asked) == instrument.questions_published.value


def test_every_instrument_is_used_by_the_partners_it_names() -> None:
    users: dict[str, set[str]] = {}
    for loaded in all_packs():
        if loaded.instrument is not None:
            users.setdefault(loaded.instrument.id, set()).add(loaded.pack.partner.id)
    assert {p.stem: set(load_instrument(p).partners) for p in INSTRUMENTS} == users
    # one question list, not a copy per partner
    assert users["cfcsa-national-2023"] == {"bc-bccsa", "mb-csam", "sk-scsa", "nl-nlcsa"}


@pytest.mark.parametrize(("partner", "old", "new"), [("sk-scsa", "2023", "2023.1"), ("nl-nlcsa", "2024", "2024.1")])
def test_a_copy_replaced_by_the_shared_instrument_asks_the_same(partner: str, old: str, new: str) -> None:
    before, after = find_pack(partner, old), find_pack(partner, new)
    assert before.instrument is None and after.instrument is not None and after.pack.points is None
    diff = diff_packs(before, after)
    assert not (diff.questions_added or diff.questions_removed or diff.elements_added or diff.elements_removed)
    assert {c.path for c in diff.rules} >= {"instrument", "points"}
    for program in after.pack.programs:
        asked = [(e.id, q.id, q.text, q.points, q.evidence) for e, q in after.pack.questions(program.id)]
        assert asked == [(e.id, q.id, q.text, q.points, q.evidence) for e, q in before.pack.questions(program.id)]


def test_the_national_instrument_is_one_list_shared() -> None:
    bccsa, csam = find_pack("bc-bccsa").pack, find_pack("mb-csam").pack
    assert bccsa.version == "2024.1" and csam.version == "2023.1"
    shared = [(e.id, e.name, [(q.id, q.text) for q in e.questions]) for e in bccsa.elements]
    assert [(e.id, e.name, [(q.id, q.text) for q in e.questions]) for e in csam.elements[:14]] == shared
    assert shared[13][1] == "Procurement and Contractor Management"
    # CSAM adds its Manitoba Supplement as Section 15; certificates in the instrument become each pack's programs
    assert [(e.id, e.name) for e in csam.elements[14:]] == [("15", "Manitoba Supplement")]
    committee = {q.id: q.programs for e in bccsa.elements for q in e.questions if q.programs is not None}
    assert committee == {"13.4": ["large_cor"], "13.5": ["large_cor"]}
    assert {q.id: q.programs for e in csam.elements[:14] for q in e.questions if q.programs} == {
        "13.4": ["cor"], "13.5": ["cor"]}


def _copy_root(tmp_path: Path, partner: str) -> Path:
    root = tmp_path / "protocols"
    shutil.copytree(PROTOCOLS / partner, root / partner)
    shutil.copytree(PROTOCOLS / "instruments", root / "instruments")
    return root


def test_instrument_folder_is_not_a_pack_and_its_hash_counts(tmp_path: Path) -> None:
    root = _copy_root(tmp_path, "bc-bccsa")
    assert [p.parent.name for p in pack_paths(root)] == ["bc-bccsa", "bc-bccsa", "bc-bccsa"]
    before = load_pack(root / "bc-bccsa" / "2024.yaml").sha256
    instrument = root / "instruments" / "cfcsa-national-2023.yaml"
    instrument.write_text(instrument.read_text(encoding="utf-8").replace(
        "Is there a written health and safety policy", "Is there a signed health and safety policy", 1),
        encoding="utf-8")
    load_instrument.cache_clear()
    changed = load_pack(root / "bc-bccsa" / "2024.yaml")
    assert changed.sha256 != before  # clients built on the pack go stale when its instrument changes
    assert changed.pack.elements[0].questions[0].text.startswith("Is there a signed health and safety policy")


def test_broken_instrument_references_are_refused(tmp_path: Path) -> None:
    root = _copy_root(tmp_path, "bc-bccsa")
    pack = root / "bc-bccsa" / "2024.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("instrument: cfcsa-national-2023", "instrument: no-such-tool"), encoding="utf-8")
    with pytest.raises(InputError, match="no instrument file no-such-tool.yaml"):
        load_pack(pack)
    pack.write_text(text.replace("  id: bc-bccsa", "  id: bc-other", 1), encoding="utf-8")
    other = root / "bc-other"
    other.mkdir()
    pack.rename(other / "2024.yaml")
    with pytest.raises(InputError, match="must list 'bc-other'"):
        load_pack(other / "2024.yaml")
    instrument = root / "instruments" / "acsa-2023.yaml"
    instrument.write_text(instrument.read_text(encoding="utf-8").replace(
        "        practice: policy\n", "        practice: policy\n        programs: [large_cor]\n", 1),
        encoding="utf-8")
    load_instrument.cache_clear()
    with pytest.raises(InputError, match="programs name certificates"):
        load_instrument(instrument)


def test_pack_without_elements_or_instrument_is_refused(tmp_path: Path) -> None:
    root = _copy_root(tmp_path, "bc-bccsa")
    pack = root / "bc-bccsa" / "2024.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("instrument: cfcsa-national-2023\n", ""),
                    encoding="utf-8")
    with pytest.raises(InputError, match="a pack needs elements, or an instrument"):
        load_pack(pack)


@pytest.mark.parametrize(("partner", "old", "new"), [("ab-acsa", "2019", "2023"), ("on-ihsa", "2020", "2022")])
def test_diff_of_a_changed_instrument_lists_added_and_removed_questions(partner: str, old: str, new: str) -> None:
    before, after = find_pack(partner, old), find_pack(partner, new)
    old_ids = {q.id for e in before.pack.elements for q in e.questions}
    new_ids = {q.id for e in after.pack.elements for q in e.questions}
    result = CliRunner().invoke(main, ["protocols", "diff", partner, old, new, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    added, removed = {q["id"] for q in data["questions_added"]}, {q["id"] for q in data["questions_removed"]}
    assert added == new_ids - old_ids and removed == old_ids - new_ids and added  # ACSA 2019 ids all recur in 2023
    text = CliRunner().invoke(main, ["protocols", "diff", partner, old, new]).output.splitlines()
    assert all(f"  + {qid} " in "\n".join(text) + " " for qid in sorted(added)[:3])
    assert any(line.startswith(f"Questions: {len(added)} added, {len(removed)} removed") for line in text)


def test_protocols_show_states_the_points_rule_of_every_pack() -> None:
    for partner in ("esc", "sk-scsa"):
        result = CliRunner().invoke(main, ["protocols", "show", partner])
        assert result.exit_code == 0, result.output
        (line,) = [x for x in result.output.splitlines() if x.startswith("Points: ")]
        assert line.startswith("Points: Assumed by corpath") and "UNVERIFIED" in line

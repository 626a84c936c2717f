"""Property-based: whatever an intake holds, validate, recommend, gaps, due and status answer with an exit code.

Hypothesis writes intakes that are valid, nearly valid and hostile (control characters, huge and non-finite
numbers, dates far off, wrong types, unknown keys, aliases, raw bytes), as YAML or JSON, and runs the three
commands in-process, then `due` and `status` over the folder (they plan and schedule the client). None may
show a traceback or raise; each must exit 0 (ok) or 1 (bad input); each example has a deadline, so a hang
fails the test.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pipeline.cli import main

BASE: dict[str, Any] = {
    "client": "acme",
    "company": {"legal_name": "Acme Roofing Ltd.", "province": "AB", "industry": "construction",
                "trades": ["roofing"]},
    "people": {"workers": 6, "owner": {"name": "Pat Owner", "title": "Owner"},
               "supervisors": [{"name": "Luis Ortega", "title": "Foreman"}]},
    "client_requirements": {"target_audit_date": date(2026, 9, 1)},
    "operations": {"activities": ["roofing", "work_at_heights"]},
    "practices": {"inspections": {"done": True, "frequency": "weekly", "since": "2024-04",
                                  "records": {"kept": True, "count": 20, "location": "office", "can_produce": True}}},
    "certificate": {"status": "none"},
    "wcb": {"annual_premium": 11800.0},
    "consultant": "Northline Safety",
}

PATHS = [
    ("client",), ("consultant",), ("company", "legal_name"), ("company", "province"), ("company", "industry"),
    ("company", "trades"), ("company", "years_in_business"), ("company", "address"),
    ("people", "workers"), ("people", "expected_workers_next_12_months"), ("people", "owner", "name"),
    ("people", "owner"), ("people", "supervisors"), ("people", "crews"),
    ("client_requirements", "target_audit_date"), ("client_requirements", "provinces_worked"),
    ("operations", "activities"), ("practices", "inspections", "since"), ("practices", "inspections", "notes"),
    ("practices", "inspections", "records", "count"), ("practices", "inspections", "records", "location"),
    ("certificate", "status"), ("certificate", "issued"), ("certificate", "expires"),
    ("wcb", "annual_premium"), ("wcb", "rate_per_100"), ("unknown_key",),
]

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300) | st.sampled_from(
    ["=HYPERLINK(\"http://x\",\"y\")", "\x00", "a\nb", "x" * 40_000, "{{ x }}", "<b>&amp;</b>", "2026-02-30",
     "9999-12-31", ".inf", "AB", "COR", "PE", "QC", "oil_and_gas", "   "])
numbers = st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True,
                    allow_infinity=True), st.sampled_from([0, 1, 9, 10, 11, 19, 20, 100_000, 100_001]))
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
values = st.recursive(
    st.one_of(texts, numbers, dates, st.booleans(), st.none()),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


def dump(data: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, default=str, ensure_ascii=False)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    from io import StringIO

    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@st.composite
def intakes(draw: st.DrawFn) -> tuple[str, str]:
    """(file suffix, file text): the base intake with a few fields replaced, or fuzzed text."""
    kind = draw(st.sampled_from(["edit", "edit", "edit", "raw", "alias"]))
    if kind == "raw":
        return ".yaml", draw(st.text(max_size=400))
    data = copy.deepcopy(BASE)
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=4, unique=True)):
        put(data, path, draw(values))
    if kind == "alias":
        return ".yaml", dump(data, False) + "x: &a [*a]\n" if draw(st.booleans()) else (
            "a: &a [" + ",".join(["x"] * 9) + "]\nb: &b [" + ",".join(["*a"] * 9) + "]\n" + dump(data, False))
    as_json = draw(st.booleans())
    return (".json" if as_json else ".yaml"), dump(data, as_json)


def run(args: list[str]) -> int:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"corpath {' '.join(args[:1])} raised {result.exception!r}:\n{result.output}")
    assert "Traceback" not in result.output
    return result.exit_code


@settings(max_examples=50, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, database=None)
@given(intakes())
def test_any_intake_gives_a_documented_exit_code(intake: tuple[str, str]) -> None:
    suffix, text = intake
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"acme{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert run(["validate", str(path)]) in (0, 1)
        assert run(["recommend", str(path)]) in (0, 1)
        assert run(["gaps", str(path), "--json", "--today", "2026-01-15"]) in (0, 1)
        # the commands that read every client plan and schedule it too: one client's data is its own problem
        assert run(["due", "--intake-dir", tmp, "--today", "2026-01-15", "--within", "120m"]) in (0, 1)
        assert run(["status", "--intake-dir", tmp, "--output", str(Path(tmp) / "output"), "--json"]) == 0

"""Load an intake file: parse with positions, validate against the model, cross-check fields, hash it.

Every problem is reported at once as `file:line:col: field: message` (errors.InputError).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import CorpathError, InputError, Problem
from .model import Intake
from .yamlfile import Document, load_document, locate, validate_document


def resolve_intake_path(client_or_path: str, root: Path | None = None) -> Path:
    """A client id resolves to `intake/<id>.yaml` (or .json); anything with a suffix or slash is a path."""
    candidate = Path(client_or_path)
    if candidate.suffix in (".yaml", ".yml", ".json") or "/" in client_or_path or candidate.exists():
        return candidate
    base = (root or Path.cwd()) / "intake"
    for suffix in (".yaml", ".yml", ".json"):
        found = base / f"{client_or_path}{suffix}"
        if found.exists():
            return found
    return base / f"{client_or_path}.yaml"

def intake_files(intake_dir: Path) -> list[Path]:
    """Every client's intake in a folder (YAML or JSON), sorted by client id; hidden files are skipped."""
    if not intake_dir.is_dir():
        raise CorpathError(f"{intake_dir}: no such folder", hint="give the intake folder with --intake-dir")
    found = [p for p in intake_dir.iterdir()
             if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file() and not p.name.startswith(".")]
    return sorted(found, key=lambda p: p.stem)

def _cross_checks(intake: Intake, doc: Document) -> list[Problem]:
    """Rules that span fields and are easier to read here than in validators."""
    problems = []
    people = intake.people
    names = [p.name for p in [people.owner, *people.supervisors]]
    if len(set(names)) != len(names):
        line, col = locate(doc.tree, ("people", "supervisors"))
        problems.append(Problem(doc.path, line, col, "people.supervisors", "a person is listed twice"))
    if people.committee and people.workers < 2:
        line, col = locate(doc.tree, ("people", "committee"))
        problems.append(Problem(doc.path, line, col, "people.committee", "a committee needs at least 2 workers"))
    return problems

def load_intake(path: Path) -> Intake:
    """Parse, validate and cross-check one intake file; every problem is reported at once."""
    doc = load_document(path, dates_later=True)
    intake = validate_document(Intake, doc, context={"stem": path.stem})
    problems = _cross_checks(intake, doc)
    if problems:
        raise InputError(problems)
    return intake

def intake_hash(intake: Intake) -> str:
    """A hash of the intake's content (not its formatting or comments)."""
    payload = json.dumps(intake.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()

def intake_schema() -> dict[str, Any]:
    """The JSON Schema editors use to autocomplete and check an intake file."""
    schema = Intake.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "corpath intake questionnaire"
    return schema

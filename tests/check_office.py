"""`make check-office`: every Word and Excel file corpath writes, checked the way Word and Excel would read it.

Builds the example clients (and a second delivery of one, for its tracked-changes file) in a scratch folder,
then for every DOCX: the schema's element order in every part (`ooxml_order`) and Word's current
compatibility mode; and opens every DOCX and XLSX in LibreOffice headless, failing on a load error. The
committed templates (reference.docx, the form templates) are checked too.

    python tests/check_office.py               # build the examples, check everything
    python tests/check_office.py PATH...       # check these files or folders only

Exit code 0 when every file passes, 1 otherwise; each problem is printed on its own line.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import docx
from ooxml_order import docx_errors
from ruamel.yaml import YAML

from pipeline.delivery.build import build_client
from pipeline.errors import ToolError
from pipeline.language import tally
from pipeline.program.forms import FORMS_DIR
from pipeline.word.office import Office
from pipeline.word.ooxml import WORD_2013_MODE, compatibility_mode
from pipeline.word.styles import REFERENCE_DOCX

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = ("acme", "volta-electric", "lakeshore-gc")
TODAY = date(2026, 11, 26)


def office_files(paths: Iterable[Path]) -> list[Path]:
    """Every .docx and .xlsx given, or found under the folders given, in a stable order."""
    found: list[Path] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found += [p for p in candidates if p.suffix.lower() in (".docx", ".xlsx") and p.is_file()]
    return found


def build_examples(root: Path, office: Office) -> Path:
    """The example clients' deliveries under root/output, and a second acme delivery (one more worker), whose
    changes.docx holds tracked changes."""
    output = root / "output"
    intake = root / "intake"
    intake.mkdir(parents=True)
    for client in EXAMPLES:
        source = REPO / "intake" / f"{client}.yaml"
        (intake / source.name).write_bytes(source.read_bytes())
        build_client(intake / source.name, output_root=output, office=office, today=TODAY)
    yaml = YAML()
    acme = intake / "acme.yaml"
    data = yaml.load(acme.read_text(encoding="utf-8"))
    data["people"]["workers"] += 1
    with acme.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    build_client(acme, output_root=output, office=office, today=TODAY)
    return output


def check_files(files: list[Path], office: Office) -> list[str]:
    """Every problem with these files, one line each: element order, compatibility mode, LibreOffice load."""
    problems = []
    for path in files:
        if path.suffix.lower() == ".docx":
            problems += [f"{path}: {error}" for error in docx_errors(path)]
            mode = compatibility_mode(docx.Document(str(path)).settings.element)
            if mode != WORD_2013_MODE:
                problems.append(f"{path}: compatibility mode {mode}, not {WORD_2013_MODE}: Word opens it in "
                                "Compatibility Mode")
        try:
            office.check_loads(path)
        except ToolError as exc:
            problems.append(str(exc))
    return problems


def main(args: list[str]) -> int:
    with Office() as office, tempfile.TemporaryDirectory(prefix="corpath-check-office-") as scratch:
        if args:
            roots = [Path(a) for a in args]
        else:
            roots = [build_examples(Path(scratch), office), REFERENCE_DOCX, FORMS_DIR]
        files = office_files(roots)
        problems = check_files(files, office)
    for problem in problems:
        print(problem)
    kinds = {suffix: sum(1 for f in files if f.suffix == suffix) for suffix in (".docx", ".xlsx")}
    print(f"check-office: {kinds['.docx']} DOCX and {kinds['.xlsx']} XLSX checked, {tally(len(problems), 'problem')}")
    return 1 if problems or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

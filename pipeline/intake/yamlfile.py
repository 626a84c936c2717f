"""Read YAML or JSON files keeping each node's line and column, and validate them against pydantic models.

Every problem is reported at once, one per line, as `path:line:column: dotted.field: plain words`: the
consultant fixes the file in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import string
import types
import typing
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError

from .. import language
from ..errors import InputError, Problem
from ..safefs import UnsafePath, read_regular
from . import parsecache
from .flowsplit import split_value
from .synonyms import suggest

M = TypeVar("M", bound=BaseModel)

try:  # libyaml through ruamel.yaml.clib: several times faster; the pure-Python parser when it is missing
    import _ruamel_yaml  # noqa: F401

    _HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a declared dependency
    _HAVE_LIBYAML = False


@dataclass(frozen=True)
class Document:
    """A parsed file: plain data for validation, and the parse tree that knows where each value was.

    Files are read with libyaml's fast loader; the round-trip parse that keeps every node's line and column
    (several times slower) is made only when a problem has to be located, so a batch of valid intakes pays
    for it never.
    """

    path: str
    data: Any
    text: str | None = None
    # plain scalars written as dates that are no real day (`2027-02-30`), read as their text: `validate_document`
    # reports them with the model's other problems (`load_document(..., dates_later=True)`)
    date_problems: tuple[Problem, ...] = ()

    @cached_property
    def tree(self) -> Any:
        if self.text is None:
            return None
        try:
            return _parse(self.text, self.path, round_trip=True)
        except InputError:  # JSON that YAML cannot read (e.g. a raw U+007F): problems go without positions
            return None


def display_path(path: Path) -> str:
    """The path as a consultant would type it: relative to the working folder when it is inside it."""
    cwd = Path.cwd()
    for here, there in ((Path(os.path.abspath(path)), cwd), (path.resolve(), cwd.resolve())):
        try:  # the link's own name first: a link to /dev/zero is shown as the intake it pretends to be
            return str(here.relative_to(there))
        except (ValueError, OSError):
            continue
    return str(path)


MAX_FILE_BYTES = 1_000_000
"""Largest YAML or JSON file read: an intake is about 5 KB and the largest protocol pack about 50 KB."""
MAX_VALUES = 100_000
"""Most values a file may hold once its aliases are expanded (a protocol pack holds a few thousand)."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (a protocol pack nests about 8 deep)."""


def load_document(path: Path, *, dates_later: bool = False) -> Document:
    """Parse a YAML or JSON file; a syntax error is reported with the parser's line and column.

    Only a regular file of at most `MAX_FILE_BYTES` is read; aliases may not refer to the value that holds
    them, and the values they expand to are bounded by `MAX_VALUES`, nesting by `MAX_DEPTH`. A `.json` file is
    read by a JSON parser, and its errors are called JSON errors. A plain scalar written as a date must be a
    real day: every one that is not is reported (InputError) at once, or, with `dates_later`, read as its text
    and kept in `Document.date_problems` for `validate_document` to report with the model's other problems.
    Raises `InputError`.
    """
    shown = display_path(path)
    try:
        raw = read_regular(path, limit=MAX_FILE_BYTES)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError([Problem(shown, None, None, "", "file not found")]) from None
    except UnsafePath as exc:
        raise InputError([Problem(shown, None, None, "", exc.reason)]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(shown, None, None, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, None, None, "", f"cannot read: {exc.strerror}")]) from None
    if path.suffix.lower() == ".json":
        return Document(shown, _load_json(text, shown), text)
    shipped = parsecache.cacheable(path)
    if shipped and (hit := parsecache.recall(raw))[0]:
        return Document(shown, hit[1], text)
    dates = _check_events(text, shown)
    if dates and not dates_later:
        raise InputError(dates)
    data = to_plain(_parse(text, shown, round_trip=False))
    if shipped and not dates:
        parsecache.remember(raw, data)
    return Document(shown, data, text, tuple(dates))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number corpath accepts")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key '{key}'")
        out[key] = value
    return out


def _load_json(text: str, shown: str) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no duplicate keys; errors located by line and column."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(shown, exc.lineno, exc.colno, "", f"malformed JSON: {exc.msg}")]) from None
    except ValueError as exc:  # from the hooks: the position is not known to them
        raise InputError([Problem(shown, None, None, "", f"malformed JSON: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(shown, None, None, "", "malformed JSON: nested too deeply")]) from None


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?")


def _date_problem(event: Any, shown: str) -> Problem | None:
    """A plain scalar that YAML reads as a date must be a real one (`2026-02-30` is not): the problem, located
    where it is, or None."""
    found = _DATE.fullmatch(event.value)
    if found:
        try:
            date(*(int(g) for g in found.groups()))
        except ValueError as exc:
            mark = event.start_mark
            return Problem(shown, mark.line + 1, mark.column + 1, "", f"'{event.value}' is not a real date ({exc})")
    return None


def _check_events(text: str, shown: str) -> list[Problem]:
    """Refuse an alias to the value that contains it, nesting past `MAX_DEPTH`, and expansion past `MAX_VALUES`;
    return a problem for each plain scalar written as a date that is no real day (`_date_problem`).

    Reads the parser's events only (about a millisecond for an intake), before anything is built from them,
    so an alias bomb of a few hundred bytes is refused before it can take minutes and gigabytes.
    """
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [anchor, values so far] per open mapping or list
    total = 0
    dates: list[Problem] = []

    def problem(event: Any, message: str) -> InputError:
        mark = event.start_mark
        return InputError([Problem(shown, mark.line + 1, mark.column + 1, "", message)])

    try:
        for event in _yaml(False).parse(text):
            kind = type(event).__name__
            size = 0
            if kind in ("MappingStartEvent", "SequenceStartEvent"):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    raise problem(event, f"nested more than {MAX_DEPTH} levels deep")
                continue
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif kind == "ScalarEvent":
                size = 1
                if not event.style and (bad := _date_problem(event, shown)) is not None:
                    dates.append(bad)
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind == "AliasEvent":
                if any(anchor == event.anchor for anchor, _ in stack):
                    raise problem(event, f"alias *{event.anchor} refers to the value that contains it")
                size = sizes.get(event.anchor, 1)  # an unknown alias is the parser's error, reported below
            else:
                continue
            total += size
            if total > MAX_VALUES:
                raise problem(event, f"holds more than {MAX_VALUES:,} values once its aliases are expanded")
            if stack:
                stack[-1][1] += size
    except InputError:
        raise
    except Exception:  # a syntax error: `_parse` reports it with its line and column
        return dates
    return dates


class _SafeConstructor(SafeConstructor):
    """ruamel's safe constructor, reading a plain scalar written as a date that is no real day as its text
    (`_check_events` has a problem for it), so that the rest of the file is still read and validated."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


class _RoundTripConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, reading a date that is no real day as its text (`_SafeConstructor`)."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


for _constructor in (_SafeConstructor, _RoundTripConstructor):
    _constructor.add_constructor("tag:yaml.org,2002:timestamp", _constructor.construct_yaml_timestamp)


@cache
def _yaml(round_trip: bool) -> YAML:
    yaml = YAML(typ="rt") if round_trip else YAML(typ="safe", pure=not _HAVE_LIBYAML)
    yaml.Constructor = _RoundTripConstructor if round_trip else _SafeConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def _parse(text: str, shown: str, *, round_trip: bool) -> Any:
    """Parse YAML (JSON is YAML); a syntax error is reported with the round-trip parser's line, column and words."""
    try:
        return _yaml(round_trip).load(text)
    except MarkedYAMLError as exc:
        if not round_trip:  # the same error, worded and located by the parser every message is tested against
            return _parse(text, shown, round_trip=True)
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "cannot parse"
        raise InputError([Problem(shown, line, col, "", f"malformed YAML: {what}")]) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. bad tags)
        if not round_trip:
            return _parse(text, shown, round_trip=True)
        raise InputError([Problem(shown, None, None, "", f"malformed YAML: {exc}")]) from None


def to_plain(node: Any) -> Any:
    """Turn ruamel's round-trip containers and scalars into plain dicts, lists, strings and dates."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def locate(tree: Any, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the value at `loc`; of its key when `key` is true.

    When the path goes further than the file (a missing key), the deepest existing node is given.
    """
    node = tree
    line = col = None
    if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
        line, col = node.lc.line + 1, node.lc.col + 1
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            kl, kc = node.lc.key(part)
            vl, vc = node.lc.value(part)
            line, col = (kl + 1, kc + 1) if (key and last) else (vl + 1, vc + 1)
            child = node[part]
            if isinstance(child, (CommentedMap, CommentedSeq)) and not (key and last):
                # a block mapping's value position is that of its first key; point at the key instead
                line, col = kl + 1, kc + 1
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            il, ic = node.lc.item(part)
            line, col = il + 1, ic + 1
            node = node[part]
        else:
            break
    return line, col


def dotted(loc: tuple[Any, ...]) -> str:
    """`('operations', 'activities', 1)` → `operations.activities[1]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `X`, `X | None`, `list[X]` or `dict[str, X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, tuple, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at `loc` (a path to a mapping)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            # dict[str, Model]: the key is free, the value is the model
            return []
        current = _model_of(field.annotation)
    return list(current.model_fields) if current is not None else []


def _number(value: Any) -> str:
    """A bound as a person writes it: 10,000,000,000 rather than 10000000000.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def shown_value(value: Any, limit: int = 60) -> str:
    """A value as a message may quote it: control characters escaped, cut to `limit` characters."""
    text = str(value)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    """Plain words for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        name = shown_value(loc[-1])
        known = fields_at(model, loc[:-1])
        close = suggest(name, known)
        hint = f"; did you mean '{close}'?" if close else (f"; known keys: {', '.join(known)}" if known else "")
        return f"unknown key '{name}'{hint}"
    if kind in ("greater_than_equal",):
        return f"must be at least {_number(ctx['ge'])}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx['gt'])}"
    if kind == "less_than_equal":
        return f"must be at most {_number(ctx['le'])}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "less_than":
        return f"must be less than {_number(ctx['lt'])}"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return "must be a date like 2025-03-01"
    if kind in ("string_type",):
        return "must be text"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"must be at least {ctx['min_length']} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters"
    if kind in ("list_type",):
        return "must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a mapping of keys to values"
    if kind == "too_short":
        return f"must list at least {language.tally(ctx.get('min_length', 1), 'item')}"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        value = shown_value(error.get("input"))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown value '{value}'{hint}; valid: {', '.join(options)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    return str(error["msg"]).removeprefix("Value error, ")


def problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """Every pydantic error as a located Problem, in file order."""
    problems = []
    cut: set[tuple[Any, ...]] = set()  # the values already reported as cut by commas
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        split = split_value(doc.tree, loc, doc.text) if error["type"] == "extra_forbidden" else None
        if split is None:
            line, col = locate(doc.tree, loc, key=error["type"] == "extra_forbidden")
            problems.append(Problem(doc.path, line, col, dotted(loc), describe(error, model)))
            continue
        # one problem per cut value, at the value, leading with the fix: the other remnants' "unknown key" lines
        # would only mislead (review 10: "unknown key '10'", a bare "unknown key 'walls'")
        where = (*loc[:-1], split.before)
        if where in cut:
            continue
        cut.add(where)
        line, col = locate(doc.tree, where)
        read_as = ", ".join(f"'{shown_value(key)}'" for key in split.keys)
        message = (f"put the value in quotes: {split.line} (a comma inside {{…}} ends a value, so the rest of it "
                   f"was read as {'unknown keys' if len(split.keys) > 1 else 'an unknown key'}: {read_as})")
        problems.append(Problem(doc.path, line, col, dotted(where), message))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def validate_document(model: type[M], doc: Document, *, context: dict[str, Any] | None = None) -> M:
    """Validate a parsed document against a model, reporting every problem at once: the model's, and the
    dates that are no real day (`Document.date_problems`), each of those under its field's name when the model
    names one there (its own complaint about the same value is then left out). Raises InputError."""
    if not isinstance(doc.data, dict):
        raise InputError([*doc.date_problems,
                          Problem(doc.path, 1, 1, "", "must be a mapping of keys to values (is the file empty?)")])
    try:
        validated = model.model_validate(doc.data, context=context)
        problems: list[Problem] = []
    except ValidationError as exc:
        problems = problems_from(exc, doc, model)
    if doc.date_problems:
        problems = _with_dates(doc.date_problems, problems)
    if problems:
        raise InputError(problems)
    return validated


def _with_dates(dates: tuple[Problem, ...], problems: list[Problem]) -> list[Problem]:
    """The model's problems with the impossible dates in their place, in file order; a date named by the model
    (its problem at the same line and column) takes the model's field name, and the model's own words go."""
    at = {(p.line, p.column): p for p in problems}
    named = [replace(d, field=at[(d.line, d.column)].field) if (d.line, d.column) in at else d for d in dates]
    taken = {(d.line, d.column) for d in dates}
    kept = [p for p in problems if (p.line, p.column) not in taken]
    return sorted([*named, *kept], key=lambda p: (p.line or 0, p.column or 0))


def load_model(model: type[M], path: Path, *, context: dict[str, Any] | None = None) -> M:
    """Parse and validate in one step: every problem at once, impossible dates among them."""
    return validate_document(model, load_document(path, dates_later=True), context=context)


def check_placeholders(template: str, known: frozenset[str], where: str = "") -> str:
    """A rule file's sentence template, refused when it names a `{placeholder}` its code does not fill in.

    For a model validator: the ValueError becomes a problem at the template's line, prefixed with `where`.
    """
    lead = f"{where}: " if where else ""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        raise ValueError(f"{lead}malformed template: {exc}") from None
    unknown = names - known
    if unknown:
        raise ValueError(f"{lead}unknown {language.plural('placeholder', len(unknown))} {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(known))}")
    return template

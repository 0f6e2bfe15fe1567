"""What every part of the API shares: parameter types with their bounds, and German answers.

django-ninja answers bad input in English (pydantic's messages) and hides the message of a 404.
`LeuchtfeuerAPI` answers in German instead, and documents the error answers in the OpenAPI schema:

* a request whose parameters or body do not fit their declared types and bounds gets **422** with
  ``{"detail": "<what and where, in one German sentence>", "errors": [<one sentence per
  problem>], "invalid_params": [{"location": "query", "name": "year", "type":
  "less_than_equal", "reason": "darf höchstens 2100 sein"}]}`` (``type`` is pydantic's error
  code, for programs);
* an unknown object gets **404** with a German ``detail``; missing login **401**.

The types below carry their bounds into the OpenAPI schema, so that clients (and schemathesis,
see tests/api/test_openapi_fuzz.py) see them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import AfterValidator, Field

from leuchtfeuer.core.text import clean_text

MAX_ID = 2**63 - 1  # the largest key of a BigAutoField (PostgreSQL bigint)

# Free text in a query may not hold control characters (PostgreSQL refuses NUL in any string).
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
REGION_KEY_PATTERN = r"^[0-9]{1,12}$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"  # Django's SlugField

# Path parameters (a path parameter has no default, so these Param objects are safe to share).
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="Nummer (ganze Zahl ab 1)")]
RegionKey = Annotated[
    str,
    Path(
        pattern=REGION_KEY_PATTERN,
        description="AGS einer Gemeinde (8 Ziffern) oder ARS einer Gebietseinheit (bis 12 Ziffern)",
        example="13071092",
    ),
]
Slug = Annotated[
    str, Path(pattern=SLUG_PATTERN, max_length=120, description="Kurzname aus der Adresse, z. B. malchin")
]
# Types of query parameters and body fields (defaults are given where they are used).
# Text in a request body is cleaned as every form value is (core.text.clean_text): characters
# no document can hold are dropped (PostgreSQL cannot store NUL at all), Word's line breaks kept.
Text = Annotated[str, AfterValidator(clean_text)]
SearchText = Annotated[str, Field(max_length=200, pattern=NO_CONTROL_CHARACTERS, description="Suchbegriffe")]
Word = Annotated[str, Field(max_length=100, pattern=NO_CONTROL_CHARACTERS)]

_PATTERN_REASONS = {
    NO_CONTROL_CHARACTERS: "darf keine Steuerzeichen (z. B. Zeilenumbrüche oder Nullbytes) enthalten",
    REGION_KEY_PATTERN: "muss ein Gebietsschlüssel aus 1 bis 12 Ziffern sein (AGS oder ARS)",
    SLUG_PATTERN: "darf nur Buchstaben a–z, Ziffern, „-“ und „_“ enthalten",
}

# pydantic's error codes (https://docs.pydantic.dev/latest/errors/validation_errors/) in German;
# {name} is filled from the error's context.
_REASONS = {
    "missing": "fehlt",
    "int_parsing": "muss eine ganze Zahl sein",
    "int_type": "muss eine ganze Zahl sein",
    "int_from_float": "muss eine ganze Zahl sein",
    "float_parsing": "muss eine Zahl sein",
    "float_type": "muss eine Zahl sein",
    "decimal_parsing": "muss eine Zahl sein",
    "decimal_type": "muss eine Zahl sein",
    "finite_number": "muss eine endliche Zahl sein",
    "decimal_max_digits": "hat zu viele Stellen (höchstens {max_digits})",
    "decimal_max_places": "hat zu viele Nachkommastellen (höchstens {decimal_places})",
    "decimal_whole_digits": "hat zu viele Stellen vor dem Komma (höchstens {whole_digits})",
    "bool_parsing": "muss true oder false sein",
    "bool_type": "muss true oder false sein",
    "string_type": "muss ein Text sein",
    "string_unicode": "muss ein Text sein",
    "string_too_short": "muss mindestens {min_length} Zeichen lang sein",
    "string_too_long": "darf höchstens {max_length} Zeichen lang sein",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "greater_than_equal": "muss mindestens {ge} sein",
    "greater_than": "muss größer als {gt} sein",
    "less_than_equal": "darf höchstens {le} sein",
    "less_than": "muss kleiner als {lt} sein",
    "literal_error": "muss einer dieser Werte sein: {expected}",
    "enum": "muss einer dieser Werte sein: {expected}",
    "date_parsing": "muss ein Datum der Form JJJJ-MM-TT sein",
    "date_from_datetime_parsing": "muss ein Datum der Form JJJJ-MM-TT sein",
    "date_from_datetime_inexact": "muss ein Datum ohne Uhrzeit sein",
    "date_type": "muss ein Datum der Form JJJJ-MM-TT sein",
    "datetime_parsing": "muss Datum und Uhrzeit nach ISO 8601 sein",
    "datetime_from_date_parsing": "muss Datum und Uhrzeit nach ISO 8601 sein",
    "datetime_type": "muss Datum und Uhrzeit nach ISO 8601 sein",
    "list_type": "muss eine Liste sein",
    "too_short": "muss mindestens {min_length} Einträge haben",
    "too_long": "darf höchstens {max_length} Einträge haben",
    "dict_type": "muss ein JSON-Objekt sein",
    "model_type": "muss ein JSON-Objekt sein",
    "model_attributes_type": "muss ein JSON-Objekt sein",
    "json_invalid": "ist kein gültiges JSON",
    "json_type": "ist kein gültiges JSON",
    "extra_forbidden": "ist hier nicht vorgesehen",
}
_LOCATIONS = {
    "path": "Pfadteil „{}“ der Adresse",
    "query": "Parameter „{}“ der Adresse",
    "body": "Feld „{}“ im Inhalt",
    "header": "Kopfzeile „{}“",
    "cookie": "Cookie „{}“",
    "form": "Feld „{}“ im Formular",
    "file": "Datei „{}“",
}


def reason(error: dict[str, Any]) -> str:
    """The German reason for one pydantic error ("darf höchstens 2100 sein")."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_REASONS:
        return _PATTERN_REASONS[ctx["pattern"]]
    template = _REASONS.get(kind)
    if template is None:
        return "ist ungültig"
    values = {k: str(v).replace(" or ", " oder ") for k, v in ctx.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(" ({")[0].split(": {")[0]


def _location_and_name(loc: tuple | list) -> tuple[str, str]:
    source = str(loc[0]) if loc else ""
    # A body schema parameter ("payload") is the whole body: name only the field inside it.
    parts = list(loc[2:] if source == "body" else loc[1:])
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return source, name


def _where(source: str, name: str) -> str:
    if source == "body" and not name:
        return "Der Inhalt der Anfrage (JSON)"
    return _LOCATIONS.get(source, "Angabe „{}“").format(name or source)


def validation_problem(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """422 body for django-ninja's validation errors: German sentences plus a list for programs."""
    invalid, sentences = [], []
    for error in errors:
        source, name = _location_and_name(error.get("loc", ()))
        why = reason(error)
        invalid.append({"location": source, "name": name, "type": error.get("type", ""), "reason": why})
        sentences.append(f"{_where(source, name)} {why}.")
    detail = "Die Anfrage enthält ungültige Angaben. " + " ".join(sentences)
    return {"detail": detail.strip(), "errors": sentences, "invalid_params": invalid}


class InvalidParam(Schema):
    location: str = Field(description="path, query oder body")
    name: str
    type: str = Field(description="Fehlercode von pydantic")
    reason: str


class Problem(Schema):
    """Every error answer of the API: `detail` says in German what went wrong and where."""

    detail: str
    errors: list[str] = []
    invalid_params: list[InvalidParam] = []


_NOT_FOUND = "Nicht gefunden: Unter dieser Adresse gibt es keinen Eintrag, den Sie sehen dürfen."
_LOGIN_NEEDED = (
    "Bitte melden Sie sich an: Dieser Teil der API ist nur für angemeldete Personen "
    "(Rollen in einer Kommune mit Zwei-Faktor-Anmeldung)."
)
# django-ninja's own English messages of a few errors, and what we say instead.
_NINJA_MESSAGES = {
    "Cannot parse request body": "Der Inhalt der Anfrage ist kein gültiges JSON.",
    "CSRF check Failed": (
        "Die CSRF-Prüfung ist fehlgeschlagen: Schreibende Anfragen brauchen das Cookie „csrftoken“ "
        "und denselben Wert in der Kopfzeile „X-CSRFToken“."
    ),
}
# Django's get_object_or_404 says "No Measure matches the given query." – not for our readers.
_DJANGO_404 = re.compile(r"^No .* matches the given query\.$")


class LeuchtfeuerAPI(NinjaAPI):
    """NinjaAPI that answers errors in German and documents them (Problem) in the schema."""

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, self._invalid)
        self.add_exception_handler(Http404, self._not_found)
        self.add_exception_handler(AuthenticationError, self._login_needed)
        self.add_exception_handler(HttpError, self._http_error)

    def _invalid(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return self.create_response(request, validation_problem(exc.errors), status=422)

    def _not_found(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc)
        if not message or _DJANGO_404.match(message):
            message = _NOT_FOUND
        return self.create_response(request, {"detail": message}, status=404)

    def _login_needed(self, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return self.create_response(request, {"detail": _LOGIN_NEEDED}, status=exc.status_code)

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        for english, german in _NINJA_MESSAGES.items():
            if message.startswith(english):
                message = german
        return self.create_response(request, {"detail": message}, status=exc.status_code)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["Problem"] = definitions
        problem = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                # django-ninja keys the documented answers by int: keep one key per status.
                responses = {int(code): answer for code, answer in operation.get("responses", {}).items()}
                params = operation.get("parameters", [])
                if params or "requestBody" in operation:
                    responses.setdefault(
                        422, {"description": "Ungültige Angaben (was und wo: detail)", **problem}
                    )
                if any(p.get("in") == "path" for p in params):
                    responses.setdefault(404, {"description": "Nicht gefunden", **problem})
                if operation.get("security"):
                    responses.setdefault(401, {"description": "Nicht angemeldet", **problem})
                operation["responses"] = responses
        return schema

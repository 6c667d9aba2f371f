"""`claims.schema.json`, made from the code: a Frictionless Table Schema of claims.csv whose
columns, vocabularies and limits are the ones `validate.py` enforces (`COLUMNS`, `Bound`,
`Status`, `VALUE_DIGITS`, `OFFSET_DIGITS`, `SOURCE_ID`, the qualifiers' pattern), so that the file
other tools validate with cannot drift from the tool. `tests/test_claims.py` asserts that the
committed file is what `python -m provenance.claims.schema` writes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .record import BOUNDS, COLUMNS, DIGEST, OFFSET_DIGITS, OPTIONAL_COLUMNS, SOURCE_ID, STATUSES, VALUE_DIGITS
from .validate import END_BOUNDS, QUALIFIERS

FILE_NAME = "claims.schema.json"
COMMENT = ("Frictionless Table Schema for claims.csv (see ../shared/spec/CONTRACT.md section 2), made by "
           "`python -m provenance.claims.schema` from the rules provenance enforces. Validate with: "
           "frictionless validate --schema claims.schema.json claims.csv")
DESCRIPTIONS = {
    "claim_id": "Stable id: the same mention gets the same id on every run.",
    "source_id": "The source it was read from (sources/sources.csv).",
    "subject": "Canonical name of what the claim is about.",
    "attribute": "What is claimed: an attribute of src/provenance/rules/attributes.toml (founded, killed, displaced, "
                 "missing, troops_deployed, ...).",
    "qualifiers": "Scope as key=value pairs, ;-separated, keys sorted.",
    "value": "Normalized value: a number, a year or an ISO date.",
    "value_low": "Lower end of the interval the wording allows; empty = unbounded.",
    "value_high": "Upper end; empty = unbounded.",
    "unit": "persons, year, date, countries, years, requests, ...",
    "quote": "The verbatim text that states it: text[start:end] == quote.",
    "start": "Character offset (Python str index) in the source text; empty for a manual claim without a quote.",
    "method": "The rule that found it (fr.founded.before, ...) or manual.",
    "status": "What a person decided; re-extraction never overwrites it.",
    "as_of": "The date the text gives for the figure (ISO 8601: 'au 21 juillet' in a source of August 2022 is "
             "2022-07-21); empty: the source's publication date. Optional: a claims.csv without it reads as empty.",
    "bound_low": "For a range (bound = range): the bound its low end's own words give it ('between some 500 and "
                 "700': approx); value_low follows it (an end that is a less_than or at_most leaves value_low "
                 "empty). Empty on any other row. Optional: a claims.csv without it reads as empty.",
    "bound_high": "For a range: the bound of its high end ('de 100 000 à environ 160 000': approx; 'from 100,000 "
                  "to more than 160,000': more_than, value_high empty). Empty on any other row. Optional.",
    DIGEST: "A fingerprint of what the tool extracted: a row whose fields no longer match it was corrected by a "
            "person.",
}
_OFFSET = {"minimum": 0, "maximum": 10 ** OFFSET_DIGITS - 1}
CONSTRAINTS = {
    "claim_id": {"required": True, "unique": True},
    "source_id": {"required": True, "pattern": SOURCE_ID.pattern},
    "attribute": {"required": True},
    "qualifiers": {"pattern": f"({QUALIFIERS.pattern})?"},
    "value": {"maxLength": VALUE_DIGITS},
    "value_low": {"maxLength": VALUE_DIGITS},
    "value_high": {"maxLength": VALUE_DIGITS},
    "bound": {"required": True, "enum": list(BOUNDS)},
    "start": _OFFSET,
    "end": _OFFSET,
    "confidence": {"minimum": 0, "maximum": 1},
    "status": {"required": True, "enum": list(STATUSES)},
    "bound_low": {"enum": list(END_BOUNDS)},
    "bound_high": {"enum": list(END_BOUNDS)},
}
TYPES = {"start": "integer", "end": "integer", "confidence": "number"}


def table_schema() -> dict:
    """The schema of claims.csv: every column in the order the tool writes them."""
    fields = []
    for name in [*COLUMNS, *(c for c in OPTIONAL_COLUMNS if c not in COLUMNS), DIGEST]:
        field = {"name": name, "type": TYPES.get(name, "string")}
        if name in CONSTRAINTS:
            field["constraints"] = CONSTRAINTS[name]
        if name in DESCRIPTIONS:
            field["description"] = DESCRIPTIONS[name]
        fields.append(field)
    return {"$comment": COMMENT, "fields": fields, "primaryKey": ["claim_id"], "missingValues": [""]}


def rendered() -> str:
    """The schema as the committed file holds it: one field a line."""
    schema = table_schema()
    fields = ",\n".join("    " + json.dumps(f, ensure_ascii=False) for f in schema["fields"])
    return ("{\n" f'  "$comment": {json.dumps(schema["$comment"], ensure_ascii=False)},\n'
            f'  "fields": [\n{fields}\n  ],\n'
            f'  "primaryKey": {json.dumps(schema["primaryKey"])},\n'
            f'  "missingValues": {json.dumps(schema["missingValues"])}\n' "}\n")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(FILE_NAME)
    target.write_text(rendered(), encoding="utf-8")

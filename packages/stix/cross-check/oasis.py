"""Runs OASIS's STIX validator (stix2-validator) on each object of a JSON array read from standard
input, as STIX 2.1, errors only (its warnings are SHOULD-level advice), and prints one JSON line
per object: {"valid": bool, "errors": [...]}, or {"crashed": "..."} where the validator raised an
exception instead of giving a verdict."""
import json
import sys

from stix2validator import ValidationOptions, validate_instance

options = ValidationOptions(version="2.1")
for instance in json.load(sys.stdin):
    try:
        result = validate_instance(instance, options)
    except Exception as error:  # noqa: BLE001 - any exception is the validator's failure to judge
        print(json.dumps({"crashed": f"{type(error).__name__}: {error}"}))
        continue
    print(json.dumps({"valid": result.is_valid, "errors": [str(error) for error in result.errors]}))

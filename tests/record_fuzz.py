"""Mutated record files, generated deterministically, as an attacker (or a damaged disk) would make them.

`mutated_records(seed, count)` starts from valid version 1 and version 2 records of edition 2025-01
and applies one to three seeded random mutations to each: keys deleted, values of the wrong type,
huge numbers, deep nesting, odd Unicode (lone surrogates, bidi and terminal controls), truncation,
duplicated snapshots and JSON keys, dates out of order or in words, newer or unknown editions, byte
flips. The CPython fuzz test (test_record_fuzz.py) reads every one; the browser tests use a sample.
"""
from __future__ import annotations

import copy
import json
import random

QUESTIONS = ("P1.Q1", "P1.Q2", "P1.Q5", "P2.Q1", "P2.Q3", "P2.Q8", "P3.Q1", "P3.Q8", "P4.Q2", "P5.Q9")
ODD_TEXT = ("\ud800", "\udfff", "\u202e", "\u2066", "\u202a", "\x1b[31m", "\x1b]52;c;aGVsbG8=\x07", "\x00", "\x9b2J",
            "\ufffe", "\uffff", "e\u0301\u0301\u0301", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd", "\u200f", "\t", "\r\n",
            "\u2028", "<script>alert(1)</script>", "{{ 7 * 7 }}", "${x}", "\\", '"', "\ufeff")
ODD_VALUES = (None, True, False, 0, -1, 1.5, 10 ** 30, [], {}, [1, 2], {"a": 1}, "", " ", "x" * 25_000,
              "2025-02-30", "2025-13-01", "\u0662\u0660\u0662\u0665-\u0660\u0661-\u0660\u0661", "yes", "maybe",
              "start", "appeal", "2026-01", "2019-07", "Scotland", "England", "16 January 2025")


def v1_record(rng: random.Random) -> dict:
    answers = {q: rng.choice(("yes", "no", "unknown")) for q in rng.sample(QUESTIONS, rng.randint(0, 6))}
    return {"format": "fairframe-record", "schema_version": 1, "edition": "2025-01",
            "case": {"reference": "FUZZ/1", "organisation": "A & B Trust", "practitioner_reference": "PR-9",
                     "profession": "Doctor", "care_setting": "Secondary care", "nation": "England",
                     "policy": "", "case_manager": "CM", "review_point": rng.choice(("", "Review", "Start of case")),
                     "date": rng.choice(("", "16 January 2025", "2025-01-16"))},
            "patient_safety_incident": rng.choice(("", "yes", "no")), "answers": answers,
            "notes": {q: f"Note on {q}" for q in list(answers)[:2]},
            "reviews": [{"point": "start", "date": "2025-01-02", "reviewer": "CM", "summary": "Opened"}],
            "edition_changes": []}


def v2_record(rng: random.Random) -> dict:
    data = v1_record(rng)
    for key in ("review_point", "date"):
        del data["case"][key]
    data["schema_version"] = 2
    data["key_dates"] = {"concern_raised": "2025-01-02", "next_review": rng.choice(("", "2025-06-01"))}
    data["sign_off"] = {"name": "A. Manager", "role": "Case manager", "date": "2025-03-01"}
    snapshots, day = [], 3
    for point in rng.sample(("start", "review", "decision", "closure"), rng.randint(0, 4)):
        snapshots.append({"point": point, "date": f"2025-02-{day:02d}", "reviewer": "CM", "summary": f"At {point}",
                          "edition": "2025-01", "case": copy.deepcopy(data["case"]),
                          "patient_safety_incident": data["patient_safety_incident"],
                          "answers": dict(data["answers"]), "notes": dict(data["notes"])})
        day += rng.randint(0, 9)
    data["snapshots"] = snapshots
    data["edition_changes"] = [{"id": "P3.Q8", "change": "removed", "from_edition": "2024-01",
                                "old_text": "An old question?", "new_text": "", "answer": "no", "notes": ""}]
    return data


def _containers(data, path=()):
    yield path, data
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield from _containers(value, (*path, key))


def _pick(rng, data):
    """A (container, key) pair somewhere in `data`, or None when nothing has keys."""
    places = [(c, k) for _p, c in _containers(data) for k in (list(c) if isinstance(c, dict) else range(len(c)))]
    return rng.choice(places) if places else None


def _delete_key(rng, data):
    place = _pick(rng, data)
    if place:
        container, key = place
        del container[key]
    return data


def _wrong_value(rng, data):
    place = _pick(rng, data)
    if place:
        container, key = place
        container[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return data


def _odd_text(rng, data):
    place = _pick(rng, data)
    if place:
        container, key = place
        text = container[key] if isinstance(container[key], str) else "text"
        cut = rng.randint(0, len(text))
        container[key] = text[:cut] + rng.choice(ODD_TEXT) + text[cut:]
    return data


def _odd_key(rng, data):
    place = _pick(rng, data)
    if place and isinstance(place[0], dict):
        place[0][rng.choice(ODD_TEXT) + "P1.Q1"] = "yes"
    return data


def _duplicate_snapshot(rng, data):
    if isinstance(data.get("snapshots"), list) and data["snapshots"]:
        data["snapshots"].append(copy.deepcopy(rng.choice(data["snapshots"])))
    return data


def _shuffle_snapshots(rng, data):
    if isinstance(data.get("snapshots"), list):
        data["snapshots"].reverse()
    return data


def _edition(rng, data):
    data["edition"] = rng.choice(("2026-01", "2019-07", "2025-1", "", "9999-99", "\u202e2025-01", "2024-12"))
    return data


def _many(rng, data):
    data["snapshots"] = [copy.deepcopy(s) for s in data.get("snapshots") or [] for _ in range(rng.randint(1, 80))]
    return data


TREE_MUTATIONS = {"delete": _delete_key, "wrong-type": _wrong_value, "odd-text": _odd_text, "odd-key": _odd_key,
                  "duplicate-snapshot": _duplicate_snapshot, "snapshots-reversed": _shuffle_snapshots,
                  "edition": _edition, "many-snapshots": _many}


def _truncate(rng, raw: bytes) -> bytes:
    return raw[:rng.randint(0, len(raw))]


def _deep(rng, raw: bytes) -> bytes:
    depth = rng.choice((17, 100, 1000, 10_000))
    return raw.replace(b'"notes": {', b'"notes": ' + b"[" * depth + b"]" * depth + b', "x": {', 1)


def _huge_number(rng, raw: bytes) -> bytes:
    number = rng.choice((b"9" * 5000, b"1e99999", b"-" + b"1" * 4301, b"0." + b"5" * 5000, b"NaN", b"Infinity"))
    return raw.replace(b'"schema_version": 2', b'"schema_version": ' + number, 1).replace(
        b'"schema_version": 1', b'"schema_version": ' + number, 1)


def _duplicate_json_key(rng, raw: bytes) -> bytes:
    return raw.replace(b'"edition": "2025-01"', b'"edition": "2025-01", "edition": "2025-01"', 1)


def _flip_bytes(rng, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 5)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _bom(rng, raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


def _invalid_utf8(rng, raw: bytes) -> bytes:
    cut = rng.randint(0, len(raw))
    return raw[:cut] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80")) + raw[cut:]


BYTE_MUTATIONS = {"truncated": _truncate, "deep": _deep, "huge-number": _huge_number,
                  "duplicate-json-key": _duplicate_json_key, "flipped-bytes": _flip_bytes, "bom": _bom,
                  "invalid-utf8": _invalid_utf8}


def mutated_records(seed: int, count: int) -> list[tuple[str, bytes]]:
    """`count` (file name, file bytes) pairs, the same for the same seed."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        data = (v1_record if rng.random() < 0.35 else v2_record)(rng)
        names = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.7:
                name = rng.choice(sorted(TREE_MUTATIONS))
                data = TREE_MUTATIONS[name](rng, data)
                names.append(name)
        raw = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, 2))).encode(
            "utf-8", "surrogatepass")
        if rng.random() < 0.45 or not names:
            name = rng.choice(sorted(BYTE_MUTATIONS))
            raw = BYTE_MUTATIONS[name](rng, raw)
            names.append(name)
        records.append((f"fuzz-{seed}-{number:04d}-{'+'.join(names)}.json", raw))
    return records

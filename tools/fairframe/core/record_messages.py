"""What the reading and saving of a record can tell the user (every problem and notice), in English,
with its {placeholders}: the one place that English is written.

They are interface text of the area `record` (fairframe.interface adds them to every Framework as
record.<key>, so translations/<lang>/interface-record.yaml translates them), and say() gives each in
the framework's language. A framework that carries no interface text (one built in memory, or older
data without this area) gets the English here. Keys ending in _one and _other are the singular and
plural of a count ({count}). Standard library only: the form runs this in Pyodide.
"""
from __future__ import annotations


AREA = "record"

MESSAGES = {
    # ---- the file (record_json) -----------------------------------------------------------------
    "file_too_large": "The file is {size} KB: a record can be at most {max} KB. Choose the .json file the form saved.",
    "file_larger_than": "The file is more than {max} KB: a record can be at most {max} KB. Choose the .json file "
                        "the form saved.",
    "not_a_text_file": "The file is not a text file. Choose the .json file the form saved.",
    "not_text": "The file could not be read as text. Choose the .json file the form saved.",
    "empty": "The file is empty. Choose the .json file the form saved.",
    "too_deep": "The file nests its data more than {depth} levels deep: it is not a record the form saved.",
    "duplicate_key": "The file gives {key} twice in the same section: a record names each value once, so it is "
                     "not clear which one to keep.",
    "long_number": "The file holds a number {length} characters long: a record holds no such number.",
    "not_json_constant": "The file holds {name}, which is not valid JSON.",
    "not_json": "The file is damaged or incomplete: it is not valid JSON (line {line}, column {column}: {reason}).",
    "damaged": "The file is damaged: it is not valid JSON. Choose the .json file the form saved.",
    # ---- the record as a whole (record) ---------------------------------------------------------
    "unreadable": "The file could not be read as a record: it is not in the form the framework form saves. "
                  "Choose the .json file saved with \u201cSave record\u201d.",
    "not_a_record": "This file is not a framework record. Choose the .json file saved with \u201cSave record\u201d.",
    "schema_version": "The record uses schema version {version}, which this form cannot read (it reads versions 1 "
                      "and 2). Open it with the edition of the form that saved it.",
    "no_edition": "The record does not say which edition of the framework it was saved with.",
    "newer_edition": "This record was saved with edition {edition}, which is newer than this form ({current}). "
                     "Open it in the {edition} form.",
    "unknown_edition": "The record was saved with edition {edition} of the framework, which this form does not "
                       "know (it knows {known}).",
    "more_problems_one": "\u2026 and {count} more problem.",
    "more_problems_other": "\u2026 and {count} more problems.",
    "version_1": "This record was saved in the earlier record format (version 1). Its answers are now the current "
                 "answers and its review history is kept; it will be saved in the new format.",
    "earlier_edition": "This record was saved with edition {edition}, an earlier edition than this form "
                       "({current}). Answers carry over by question id.",
    "earlier_edition_changed_one": "This record was saved with edition {edition}, an earlier edition than this "
                                   "form ({current}). Answers carry over by question id; review the {count} "
                                   "question that changed.",
    "earlier_edition_changed_other": "This record was saved with edition {edition}, an earlier edition than this "
                                     "form ({current}). Answers carry over by question id; review the {count} "
                                     "questions that changed.",
    "would_be_too_large": "The record would be {size} KB when saved: a record can be at most {max} KB.",
    "too_large_to_save": "The record is {size} KB as saved: a record can be at most {max} KB. Shorten the longest "
                         "notes or summaries, then save again.",
    "policy_does_not_apply": "The applicable policy \u201c{policy}\u201d does not apply to {misfits}. Choose a "
                             "policy that applies to the case, or leave it blank.",
    "misfits_and": "{first} and {second}",
    # ---- its sections (record_check) ------------------------------------------------------------
    "unknown_section": "The record has an unknown section {key}.",
    "part_case": "case details",
    "part_snapshot_case": "case details of review point {number}",
    "part_answers": "answers",
    "part_notes": "notes",
    "part_key_dates": "key dates",
    "part_sign_off": "sign-off details",
    "not_named_values": "The {part} must be a set of named values, not {type}.",
    "unknown_field": "The {part} include an unknown field {key}.",
    "value_not_text": "In the {part}, {key} must be text.",
    "value_too_long": "In the {part}, {key} is longer than {limit} characters.",
    "value_problem": "In the {part}, {key} {problem}.",
    "scope_nation": "nation",
    "scope_profession": "profession",
    "scope_care_setting": "care setting",
    "not_on_list": "The {part} give the {what} {value}, which is not on the form's list ({options}).",
    "policy_not_listed": "The {part} give the policy {policy}, which this version of the framework does not list. "
                         "Open the record in the version of the form that lists it.",
    "v1_review_point": "The case details give the review point {value}, which is not one of {points}.",
    "v1_date": "The case details give the date {value}, which the form cannot read as a date. Write it as, for "
               "example, 16 January 2025 or 2025-01-16.",
    "gate": "The answer about a patient safety incident must be yes, no or empty.",
    "snapshot_gate": "In review point {number}, the answer about a patient safety incident must be yes, no or "
                     "empty.",
    "unknown_questions": "The record answers questions edition {edition} does not have: {ids}.",
    "snapshot_unknown_questions": "Review point {number} answers questions edition {edition} does not have: {ids}.",
    "answer_not_on_scale": "The answer to {id} is {value}: it must be {values} or left out.",
    "concern_raised_not_a_date": "The date the concern was raised is {value}, which is not a date (YYYY-MM-DD).",
    "next_review_not_a_date": "The next review date is {value}, which is not a date (YYYY-MM-DD).",
    "sign_off_date_not_a_date": "The sign-off date is {value}, which is not a date (YYYY-MM-DD).",
    "snapshots_not_a_list": "The list of review points must be a list.",
    "reviews_not_a_list": "The review history must be a list.",
    "changes_not_a_list": "The list of questions changed by a new edition must be a list.",
    "too_many_snapshots": "The list of review points has {count} entries: a record holds at most {limit}.",
    "too_many_reviews": "The review history has {count} entries: a record holds at most {limit}.",
    "too_many_changes": "The list of questions changed by a new edition has {count} entries: a record holds at "
                        "most {limit}.",
    "snapshot_not_in_form": "Review point {number} is not in the expected form ({keys}).",
    "snapshot_unknown_point": "Review point {number} has an unknown review point {value}.",
    "snapshot_bad_date": "Review point {number} has a date that is not valid: {value} (it must be YYYY-MM-DD).",
    "snapshot_unknown_edition": "Review point {number} was recorded with edition {value}, which this form does "
                                "not know (it knows {known}).",
    "snapshot_newer_edition": "Review point {number} was recorded with edition {edition}, which is newer than the "
                              "record's own edition ({record_edition}).",
    "snapshot_reviewer_not_text": "Review point {number}: the reviewer must be text of at most {limit} characters.",
    "snapshot_summary_not_text": "Review point {number}: the summary must be text of at most {limit} characters.",
    "snapshot_reviewer_problem": "Review point {number}: the reviewer {problem}.",
    "snapshot_summary_problem": "Review point {number}: the summary {problem}.",
    "snapshots_out_of_order": "The review points are not in date order: review point {number} is dated {date}, "
                              "before review point {earlier} ({earlier_date}), which comes first.",
    "snapshot_copy": "Review point {number} is a copy of an earlier review point: a review point is recorded once.",
    "review_not_in_form": "Review {number} is not in the expected form ({keys}).",
    "review_not_text": "Review {number} has a value that is not text.",
    "review_problem": "Review {number} {problem}.",
    "review_unknown_point": "Review {number} has an unknown review point {value}.",
    "review_bad_date": "Review {number} has a date that is not valid: {value}.",
    "changes_not_in_form": "The list of questions changed by a new edition is not in the expected form (each "
                           "entry needs {keys}, as text).",
    # ---- text a record cannot hold (record_text): the end of a sentence about a value ------------
    "text_broken_character": "contains a broken character ({code}, half of a character pair)",
    "text_direction_control": "contains a hidden text-direction control ({code}), which can make the text read "
                              "differently from what is stored",
    "text_control_character": "contains a control character ({code})",
    # ---- recording a review point (snapshots, bridge) -------------------------------------------
    "choose_point": "Choose the review point",
    "point_date_not_real": "Enter the date of the review point as a real date",
    "point_date_too_early": "The date must be on or after the last review point ({date})",
    "reviewer_not_text": "The reviewer must be text",
    "summary_not_text": "The summary must be text",
    "reviewer_too_long": "The reviewer must be {limit} characters or fewer",
    "summary_too_long": "The summary must be {limit} characters or fewer",
    "reviewer_problem": "The reviewer {problem}",
    "summary_problem": "The summary {problem}",
    "too_many_points": "A record holds at most {limit} review points",
    "already_recorded": "This review point has already been recorded",
    "point_too_large": "With this review point the record would be {size} KB: a record can be at most {max} KB.",
    # ---- the form's other requests (bridge) -----------------------------------------------------
    "next_review_first": "Enter the next review date first.",
    "unexpected": "Something unexpected went wrong with this record. Save your work as a file and reload the page.",
}


def say(framework, key: str, /, **values) -> str:
    """The message `key` with its {placeholders} filled from `values`: the framework's interface text
    record.<key> (in its language), else the English above. `framework` may be None (no framework
    known yet: English). A key that does not exist is an error, as in Framework.ui()."""
    text = MESSAGES[key]
    if framework is not None and framework.interface:
        text = framework.ui_texts.get(f"{AREA}.{key}", text)
    return text.format(**values) if values else text


def counted(framework, key: str, count: int, /, **values) -> str:
    """The message `key`_one or `key`_other, for `count` (given to it as {count})."""
    return say(framework, f"{key}_{'one' if count == 1 else 'other'}", count=count, **values)


def language(framework) -> str:
    """The framework's language (for dates in words), English when there is no framework."""
    return framework.language if framework is not None else "en"

"""The task list: counts and honest statuses, in fairframe.core, the bridge and `fairframe summary`."""
from __future__ import annotations

import json

from conftest import ROOT
from fairframe import cli
from fairframe.core import bridge
from fairframe.core.record import read_record
from fairframe.core.tasks import counted, task_list


def record_data(framework, answers: dict, **extra) -> dict:
    return {"format": "fairframe-record", "schema_version": 2, "edition": framework.edition.id,
            "answers": answers, "notes": {}} | extra


def mixed_answers(framework) -> dict:
    """P1 all No, P2 partly answered with one Unknown, P3 all Yes, P4 and P5 untouched."""
    p1, p2, p3 = framework.principles[:3]
    answers = {q.id: "no" for q in p1.questions}
    answers |= {p2.questions[0].id: "yes", p2.questions[1].id: "unknown"}
    return answers | {q.id: "yes" for q in p3.questions}


def by_id(tasks: list) -> dict:
    return {task["id"]: task for task in tasks}


def test_counts_and_statuses_are_honest(framework):
    record, _ = read_record(json.dumps(record_data(framework, mixed_answers(framework),
                                                   case={"reference": "T-1", "nation": "England"},
                                                   patient_safety_incident="no")), framework, {})
    tasks = task_list(framework, record)
    assert [t["id"] for t in tasks] == ["case", "patient_safety_incident", *(p.id for p in framework.principles)]
    p1, p2, p3, p4, p5 = framework.principles
    shown = by_id(tasks)
    nine = len(p1.questions)
    assert shown["P1"]["status"] == "Completed"
    assert shown["P1"]["label"] == f"Completed · {nine} to follow up"  # all No: never a plain "Completed"
    assert shown["P1"]["count"] == f"{nine} of {nine} answered · {nine} to follow up"
    assert (shown["P2"]["status"], shown["P2"]["count"]) == ("In progress",
                                                             f"2 of {len(p2.questions)} answered · 1 to follow up")
    assert shown["P2"]["label"] == "In progress · 1 to follow up"
    assert (shown["P3"]["label"], shown["P3"]["follow_up"]) == ("Completed", 0)
    assert shown["P4"]["label"] == "Not started" and shown["P4"]["count"] == f"0 of {len(p4.questions)} answered"
    assert shown["P5"]["title"] == p5.title
    assert shown["case"]["status"] == "In progress" and shown["case"]["count"].startswith("2 of ")
    assert shown["patient_safety_incident"]["label"] == "Completed"
    assert shown["patient_safety_incident"]["count"] == "Answered No"


def test_a_principle_with_one_question_unanswered_is_in_progress(framework):
    p1 = framework.principles[0]
    answers = {q.id: "yes" for q in p1.questions[1:]}
    record, _ = read_record(json.dumps(record_data(framework, answers)), framework, {})
    task = by_id(task_list(framework, record))["P1"]
    assert task["status"] == "In progress" and task["answered"] == task["total"] - 1


def test_a_yes_to_the_patient_safety_question_points_to_being_fair(framework):
    record, _ = read_record(json.dumps(record_data(framework, {}, patient_safety_incident="yes")), framework, {})
    gate = by_id(task_list(framework, record))["patient_safety_incident"]
    assert gate["label"] == "Completed · use the Being fair tool first" and gate["answer"] == "Yes"
    empty = by_id(task_list(framework, read_record(json.dumps(record_data(framework, {})), framework, {})[0]))
    assert empty["patient_safety_incident"]["label"] == "Not started" and empty["case"]["label"] == "Not started"


def test_counted_pluralises_without_brackets():
    assert [counted(n, "question") for n in (0, 1, 2)] == ["0 questions", "1 question", "2 questions"]
    assert counted(1, "day") == "1 day" and counted(3, "day") == "3 days"


def test_the_bridge_gives_tasks_for_good_and_unreadable_records(framework):
    from fairframe.core.load import framework_to_json  # the model as the form ships it
    bridge.start(framework_to_json(framework))
    good = json.loads(bridge.update(json.dumps(record_data(framework, mixed_answers(framework)))))
    assert by_id(good["tasks"])["P1"]["label"].startswith("Completed · ")
    assert good["progress"]["P1"] == "Completed"  # the old key is unchanged
    unreadable = record_data(framework, mixed_answers(framework)) | {"schema_version": 9}
    bad = json.loads(bridge.update(json.dumps(unreadable)))
    assert bad["problems"] and by_id(bad["tasks"])["P1"]["follow_up"] == len(framework.principles[0].questions)
    for nonsense in ("[]", "{", '{"answers": [1], "case": 3}', '{"answers": {"P1.Q1": 5}, "case": {"reference": 2}}'):
        result = json.loads(bridge.update(nonsense))
        assert "tasks" in result and "problems" in result, nonsense


def test_summary_prints_counts_and_honest_statuses(framework, tmp_path, capsys):
    path = tmp_path / "mixed.json"
    data = record_data(framework, mixed_answers(framework), case={"reference": "T-2"},
                       key_dates={"concern_raised": "2025-02-03", "next_review": ""})
    path.write_text(json.dumps(data))
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    p1, p2 = framework.principles[:2]
    nine = len(p1.questions)
    assert f"{p1.id}. {p1.title}" in out
    line = next(line for line in out.splitlines() if line.strip().startswith(f"{p1.id}. "))
    assert line.endswith(f" Completed · {nine} of {nine} answered · {nine} to follow up")
    line = next(line for line in out.splitlines() if line.strip().startswith(f"{p2.id}. "))
    assert line.endswith(f" In progress · 2 of {len(p2.questions)} answered · 1 to follow up")
    assert "Case details" in out and "Patient safety incident" in out and "Not answered" in out
    assert "Concern raised: 3 February 2025 (" in out and "2025-02-03" not in out
    assert "[No]" in out and "[Unknown]" in out and "[no]" not in out and "[yes]" not in out
    assert "(s)" not in out

#!/usr/bin/env python3
"""Writes a probe: humanevalpack's held-out half with its three fixed instruction templates reworded.

HumanEvalPack asks every task form with one template ("Write a <Lang> function `sig` to solve the following problem:",
"Fix bugs in f.", "Provide a concise natural language description of the code using at most N characters."). A head
trained on the other half (`train --train-on-dev-split`) scores 100% on the held-out half, which only shows that it
learnt the templates. This probe keeps the held-out half's code and routes but asks in other words, written for this
project (four wordings per form, chosen by a hash of the case id), so the score says whether the head learnt the task.

Usage: scripts/humanevalpack-rephrased.py [dev/humanevalpack.jsonl] [output.jsonl]
Then:  extproc-router eval --data .deps/probe/humanevalpack_rephrased.jsonl -c onnx-finetuned-int8
"""
import hashlib
import json
import os
import re
import sys

SYNTHESIZE = re.compile(r"^Write an? (?P<lang>[\w+#]+) function (?P<sig>`[^`]*`) to solve the following problem:", re.M)
FIX = re.compile(r"Fix bugs in (?P<name>\w+)\.\s*$")
EXPLAIN = re.compile(r"Provide a concise natural language description of the code using at most \d+ characters\.\s*$")

SYNTHESIZE_WORDINGS = [
    "I need {sig} implemented in {lang}. Here is what it should do:",
    "Could you code up {sig} in {lang}? Spec:",
    "Implement this {lang} function, {sig}, according to the description below.",
    "Please create {sig} ({lang}) that does the following:",
]
FIX_WORDINGS = [
    "The checks above fail for {name}. Can you repair it?",
    "{name} is broken - please correct it so that the tests pass.",
    "Something is wrong in {name}; find the mistake and give me a working version.",
    "Debug {name} for me, it does not pass its tests.",
]
EXPLAIN_WORDINGS = [
    "What does this code do? Keep it short.",
    "Walk me through what this function does, briefly.",
    "Summarize the behaviour of this code in a sentence or two.",
    "Can you explain this code to me in plain words?",
]


def held_out(case_id: str) -> bool:
    """The half `train --train-on-dev-split` never trains on (DevSplit.cs: first bit of SHA-256 of the problem number)."""
    problem = case_id[case_id.rindex("_") + 1:case_id.rindex("-")]
    return hashlib.sha256(problem.encode()).digest()[0] & 1 == 1


def pick(wordings: list, case_id: str) -> str:
    return wordings[hashlib.sha256(case_id.encode()).digest()[1] % len(wordings)]


def reword(case: dict) -> dict:
    message = case["messages"][-1]
    text = message["content"]
    form = case["id"].rsplit("-", 1)[1]
    if form == "synthesize":
        new, count = SYNTHESIZE.subn(lambda m: pick(SYNTHESIZE_WORDINGS, case["id"]).format(**m.groupdict()), text, count=1)
    elif form == "fix":
        new, count = FIX.subn(lambda m: pick(FIX_WORDINGS, case["id"]).format(**m.groupdict()), text)
    else:
        new, count = EXPLAIN.subn(pick(EXPLAIN_WORDINGS, case["id"]), text)
    if count != 1:
        raise SystemExit(f"{case['id']}: the {form} template was not found; the data changed, update this probe")
    message["content"] = new
    case["id"] += "-rephrased"
    return case


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "routing", "dev", "humanevalpack.jsonl")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(".deps", "probe", "humanevalpack_rephrased.jsonl")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    written = 0
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        for line in lines:
            case = json.loads(line)
            if held_out(case["id"]):
                out.write(json.dumps(reword(case), ensure_ascii=False) + "\n")
                written += 1
    print(f"wrote {written} cases to {target}")


if __name__ == "__main__":
    main()

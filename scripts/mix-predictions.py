#!/usr/bin/env python3
"""Scores two classifiers' probabilities mixed per case: late fusion, measured offline.

Reads two `extproc-router eval --predictions` files of the same cases (each line: data, id, expected and every offered
route's probability; `other` is what the routes leave of 1) and answers each case from
    p = (1 - a) * p_first + a * p_second            (arithmetic), or
    p ~ p_first^(1 - a) * p_second^a                (geometric, --geometric)
with the serving rule: the best route, unless `other` is at least as likely. With --gap G, only cases whose first
classifier's two most likely answers are closer than G are mixed (the second classifier would run on those alone).
Prints strict accuracy per dev file, their macro and the share of cases mixed, for each mixing weight a. Session 8 used it to ask whether a head over the base encoder would add to the
fine-tuned one (models/MODEL_CARD.md, "late fusion").

Usage: scripts/mix-predictions.py FIRST.jsonl SECOND.jsonl [--geometric] [--gap G] [--weights 0,0.1,0.2,0.3,0.4,0.5]
"""
import argparse
import collections
import json
import math

OTHER = "other"


def load(path):
    with open(path, encoding="utf-8") as lines:
        return {(case["data"], case["id"]): case for case in map(json.loads, lines)}


def probabilities(case):
    routes = dict(case["scores"])
    routes[OTHER] = max(0.0, 1.0 - sum(routes.values()))
    return routes


def answer(p):
    best_probability, best_route = max((v, k) for k, v in p.items() if k != OTHER)
    return OTHER if p[OTHER] >= best_probability else best_route


def mix(first, second, weight, geometric):
    if geometric:
        floor = 1e-9  # a route one classifier rules out entirely must not veto the other's answer outright
        return {k: math.exp((1 - weight) * math.log(first[k] + floor) + weight * math.log(second.get(k, 0.0) + floor)) for k in first}
    return {k: (1 - weight) * first[k] + weight * second.get(k, 0.0) for k in first}


def top_two_gap(p):
    first, second = sorted(p.values(), reverse=True)[:2]
    return first - second


def score(first_cases, second_cases, weight, geometric, gap):
    right, total = collections.Counter(), collections.Counter()
    mixed = 0
    for key, case in first_cases.items():
        p = probabilities(case)
        if top_two_gap(p) < gap:
            p = mix(p, probabilities(second_cases[key]), weight, geometric)
            mixed += 1
        total[case["data"]] += 1
        right[case["data"]] += answer(p) == case["expected"]
    return {data: 100.0 * right[data] / total[data] for data in sorted(total)}, 100.0 * mixed / len(first_cases)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--geometric", action="store_true")
    parser.add_argument("--gap", type=float, default=math.inf)
    parser.add_argument("--weights", default="0,0.1,0.2,0.3,0.4,0.5")
    arguments = parser.parse_args()
    first, second = load(arguments.first), load(arguments.second)
    missing = first.keys() - second.keys()
    if missing:
        raise SystemExit(f"{len(missing)} cases of {arguments.first} are not in {arguments.second}, e.g. {next(iter(missing))}")
    for weight in (float(w) for w in arguments.weights.split(",")):
        accuracy, mixed = score(first, second, weight, arguments.geometric, arguments.gap)
        files = " ".join(f"{data.split('.')[0]} {value:.1f}" for data, value in accuracy.items())
        print(f"a={weight:.2f} | {files} | macro {sum(accuracy.values()) / len(accuracy):.2f} | mixed {mixed:.1f}%")


if __name__ == "__main__":
    main()

"""A small evaluation worked out by hand: 3 criteria, 4 agencies, 2 jurors.

K1 "% answered within target" (system, weight 50, higher is better)
    A 90, B 60, C 75, D no complaints.   min-max over 60..90: A 100, B 0, C 50, D 0 (no data)
    points = 50 x normalised / 100:      A 50, B 0, C 25, D 0
K2 "median first response" (system, weight 30, lower is better, working minutes)
    A 40, B 20, C 120, D none.           min-max over 20..120: A 80, B 100, C 0, D 0
    points:                              A 24, B 30, C 0, D 0
K3 "content quality" (jury, weight 20, mean of the two jurors)
    A 70 and 80 -> 75; B 90 and 60 -> 75; C 100 and 100 -> 100; D 50 and 41 -> 45.5
    points = 20 x score / 100:           A 15, B 15, C 20, D 9.1
Totals: A 89.00 (rank 1), B 45.00 and C 45.00 (both rank 2, B listed first by name),
D 9.10 (rank 4).

With percentile ranks instead of min-max: K1 A 100, B 0, C 50 (as before); K2 A 50 (better
than one of the two others), B 100, C 0 -> A 50 + 15 + 15 = 80.00; B 45.00; C 45.00; D 9.10.

The complaints behind K1 and K2 (working minutes; within target per the complaint's own target):
    A: 10, 20, 30, 35, 40, 40, 50, 55, 60 within, 200 not -> 9/10 = 90 %, median (40 + 40) / 2 = 40
    B: 5, 10, 20 within, 90, 100 not                   -> 3/5 = 60 %,  median 20
    C: 30, 100, 140 within (targets 60, 120, 180), 300 not -> 3/4 = 75 %, median (100 + 140) / 2 = 120
"""

from decimal import Decimal

from rankings.evaluation.services import CriterionSpec

CRITERIA = [
    CriterionSpec("Responsivitas", "K1", "Aduan ditanggapi tepat waktu", Decimal(50), "auto", "within_target"),
    CriterionSpec("Responsivitas", "K2", "Median tanggapan pertama", Decimal(30), "auto", "response_median"),
    CriterionSpec("Kualitas konten", "K3", "Kualitas konten", Decimal(20), "jury", ""),
]

#: agency -> [(working minutes, within target)]
COMPLAINTS = {
    "A": [(m, True) for m in (10, 20, 30, 35, 40, 40, 50, 55, 60)] + [(200, False)],
    "B": [(5, True), (10, True), (20, True), (90, False), (100, False)],
    "C": [(30, True), (100, True), (140, True), (300, False)],
    "D": [],
}
#: agency -> (juror 1, juror 2)
JURY = {"A": (70, 80), "B": (90, 60), "C": (100, 100), "D": (50, 41)}

MEASURED = {"A": {"within_target": 90.0, "response_median": 40.0}, "B": {"within_target": 60.0, "response_median": 20.0},
            "C": {"within_target": 75.0, "response_median": 120.0}, "D": {"within_target": None, "response_median": None}}

MINMAX = {"A": (89.0, 1), "B": (45.0, 2), "C": (45.0, 2), "D": (9.1, 4)}
PERCENTILE = {"A": (80.0, 1), "B": (45.0, 2), "C": (45.0, 2), "D": (9.1, 4)}
POINTS_MINMAX = {"A": {"K1": 50.0, "K2": 24.0, "K3": 15.0}, "B": {"K1": 0.0, "K2": 30.0, "K3": 15.0},
                 "C": {"K1": 25.0, "K2": 0.0, "K3": 20.0}, "D": {"K1": 0.0, "K2": 0.0, "K3": 9.1}}

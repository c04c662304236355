"""A leaderboard worked out by hand: six agencies, the week of Monday 21 to Sunday 27
December 2026, on the civil-service calendar (Mon-Thu 07:30-16:00, Fri 07:30-16:30, lunch
12:00-13:00 / Fri 11:30-13:00). Thursday 24 is cuti bersama, Friday 25 Christmas. Every
working-minute figure below is worked out in the comment beside it; the clock computes the
stored figures from the moments, and the tests compare the board with EXPECTED. 34 counted
complaints and questions, 7 that are not counted."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from complaints.clock import complaint_clock_refresh
from rankings.contract import Period
from tests.factories import AgencyFactory, ComplaintFactory

WIB = ZoneInfo("Asia/Jakarta")
PERIOD = Period(date(2026, 12, 21), date(2026, 12, 27))
#: After the period: open and overdue are as of its end (Monday 28, 00:00 WIB).
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=WIB)


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026 if month == 12 else 2027, month, day, hour, minute, tzinfo=WIB)


# (received, first response or None, head acknowledged or None, resolved or None): working minutes
CASES = {
    "dinas-a": [
        (at(21, 8), at(21, 8, 10), at(21, 8, 5), None),  # 10; ack 5
        (at(21, 8), at(21, 8, 30), at(21, 9), None),  # 30; ack 60
        (at(21, 9), at(21, 9, 45), at(21, 10), None),  # 45; ack 60
        (at(21, 11, 30), at(21, 13, 20), None, None),  # 11:30-12:00 30 + 13:00-13:20 20 = 50
        (at(21, 15, 30), at(22, 8), None, at(28, 10)),  # 15:30-16:00 30 + 07:30-08:00 30 = 60 (within: <=); resolved after the period
        (at(21, 10), at(21, 11, 30), None, None),  # 90: late
        (at(22, 7), at(22, 7, 45), None, None),  # before the office opens: 07:30-07:45 = 15
        (at(23, 15), at(28, 8), None, None),  # Wed 15:00-16:00 60, Thu cuti, Fri Christmas, weekend, Mon 07:30-08:00 30 = 90; due Wed 16:00: overdue at the period's end
        (at(22, 10), None, None, None),  # never answered; due Tue 11:00: overdue
    ],
    "dinas-b": [
        (at(21, 8), at(21, 8, 20), at(21, 13, 30), at(22, 10)),  # 20; ack 08:00-12:00 240 + 13:00-13:30 30 = 270; resolved
        (at(21, 9), at(21, 9, 5), at(22, 7, 40), at(22, 10)),  # 5; ack 09:00-12:00 180 + 13:00-16:00 180 + 07:30-07:40 10 = 370; resolved
        (at(21, 13), at(21, 13, 40), None, None),  # 40
        (at(22, 12, 30), at(22, 13, 10), None, None),  # lunch: 13:00-13:10 = 10
        (at(22, 16, 30), at(23, 7, 50), None, None),  # after closing: 07:30-07:50 = 20
        (at(23, 8), at(23, 9), None, None),  # 60, within
    ],
    "dinas-c": [
        (at(21, 8), at(21, 8, 5), None, None),  # 5
        (at(21, 14), at(21, 14, 30), None, None),  # 30
        (at(21, 0, 30), at(21, 7, 40), None, None),  # Monday 00:30 WIB is Sunday in UTC: counts; 07:30-07:40 = 10
    ],
    "dinas-d": [
        (at(22, 8), at(22, 8, 40), None, None),  # 40
        (at(23, 9), at(23, 9, 10), None, None),  # 10
        (at(27, 23, 50), at(28, 7, 50), None, None),  # Sunday night: 07:30-07:50 = 20; due Mon 08:30, after the end: not overdue
    ],
    "dinas-e": [],  # nothing received: listed without a rank
    # Many answers but most of them late: a long list does not save a poor share.
    "dinas-f": [
        (at(21, 7), at(21, 7, 50), at(21, 7, 45), None),  # before opening: 07:30-07:50 = 20; ack 07:30-07:45 = 15
        (at(21, 12, 10), at(21, 13, 30), at(21, 13, 5), None),  # lunch: 13:00-13:30 = 30; ack 13:00-13:05 = 5
        (at(22, 15), at(22, 16, 30), None, None),  # 15:00-16:00 = 60 (closed at 16:00): within, the boundary
        (at(23, 10), at(23, 10, 55), None, None, "question"),  # a question counts like a complaint: 55
        (at(21, 14), at(21, 16), None, None),  # 120: late
        (at(22, 9), at(22, 13, 30), None, None),  # 09:00-12:00 180 + 13:00-13:30 30 = 210: late
        (at(23, 14), at(28, 9), None, None),  # Wed 14:00-16:00 120 + Mon 07:30-09:00 90 = 210: late; due Wed 15:00: overdue at the end
        (at(26, 10), at(28, 9), None, None),  # Saturday: Mon 07:30-09:00 = 90: late; due Mon 08:30, after the end: not overdue
        (at(22, 8), at(22, 14), None, at(23, 10)),  # 08:00-12:00 240 + 13:00-14:00 60 = 300: late; resolved
        (at(21, 9), at(21, 11), None, at(22, 9)),  # 120: late; resolved
        (at(22, 11), None, None, None),  # never answered; 11:00-12:00 = 60: due Tue 12:00: overdue
        (at(23, 15, 30), None, None, None),  # never answered; Wed 15:30-16:00 30, Mon 07:30-08:00 30: due Mon 08:00: not overdue
        # Received at 08:00 by another agency, handed to F at 10:00: 10:00-10:40 = 40, within (160 from receipt)
        (at(21, 8), at(21, 10, 40), None, None, "complaint", at(21, 10)),
    ],
}

# Not counted anywhere: praise and other, an archived complaint, outside the period (WIB days).
NOT_COUNTED = [
    ("dinas-b", "praise", "in_progress", at(21, 10)),
    ("dinas-b", "other", "dispatched", at(22, 10)),
    ("dinas-a", "complaint", "archived", at(22, 11)),
    ("dinas-c", "complaint", "dispatched", at(20, 23, 30)),  # Sunday 20 in WIB
    ("dinas-c", "complaint", "dispatched", at(28, 0, 10)),  # Monday 28 in WIB, still 27 in UTC
    ("dinas-f", "complaint", "out_of_scope", at(22, 9, 30)),  # closed as not the region's remit
    ("dinas-f", "complaint", "merged", at(21, 9, 5)),  # merged into F's complaint of 21 Dec 09:00 (that one counts)
]

# Wilson lower bounds (z = 1.96, z^2 = 3.8416), worked by hand:
#   B 6/6:  p = 1: n / (n + z^2) = 6 / 9.8416 = 0.609657...
#   C 3/3, D 3/3: 3 / 6.8416 = 0.438494... (a tie: both rank 2)
#   A 6/9:  p = 2/3; centre = p + z^2/18 = 0.8800889; margin = 1.96 sqrt(p(1-p)/9 + z^2/324)
#           = 1.96 sqrt(0.0246914 + 0.0118568) = 1.96 x 0.1911758 = 0.3747045;
#           (0.8800889 - 0.3747045) / (1 + z^2/9 = 1.4268444) = 0.5053844 / 1.4268444 = 0.354197
#   F 5/13: p = 0.3846154; centre = p + z^2/26 = 0.3846154 + 0.1477538 = 0.5323692;
#           margin = 1.96 sqrt(p(1-p)/13 + z^2/676) = 1.96 sqrt(0.0182066 + 0.0056828)
#           = 1.96 x 0.1545620 = 0.3029415; (0.5323692 - 0.3029415) / (1 + z^2/13 = 1.2955077)
#           = 0.2294277 / 1.2955077 = 0.1770945
EXPECTED = {
    # slug: received, responded, within, median, p90, median ack, open, overdue, resolved, score, rank
    # A answered: 10 15 30 45 50 60 90 90 -> median (45 + 50) / 2 = 47.5; p90 rank ceil(7.2) = 8 -> 90
    "dinas-a": dict(received=9, responded=8, responded_within_target=6, median_first_response_minutes=47.5,
                    p90_first_response_minutes=90, median_head_ack_minutes=60.0, open=9, overdue=2, resolved=0,
                    score=35.4197, rank=4),
    # B: 5 10 20 20 40 60 -> median 20; p90 rank ceil(5.4) = 6 -> 60; ack (270 + 370) / 2 = 320
    "dinas-b": dict(received=6, responded=6, responded_within_target=6, median_first_response_minutes=20.0,
                    p90_first_response_minutes=60, median_head_ack_minutes=320.0, open=4, overdue=0, resolved=2,
                    score=60.9657, rank=1),
    # C: 5 10 30 -> median 10; p90 rank ceil(2.7) = 3 -> 30
    "dinas-c": dict(received=3, responded=3, responded_within_target=3, median_first_response_minutes=10.0,
                    p90_first_response_minutes=30, median_head_ack_minutes=None, open=3, overdue=0, resolved=0,
                    score=43.8494, rank=2),
    # D: 10 20 40 -> median 20; p90 -> 40
    "dinas-d": dict(received=3, responded=3, responded_within_target=3, median_first_response_minutes=20.0,
                    p90_first_response_minutes=40, median_head_ack_minutes=None, open=3, overdue=0, resolved=0,
                    score=43.8494, rank=2),
    "dinas-e": dict(received=0, responded=0, responded_within_target=0, median_first_response_minutes=None,
                    p90_first_response_minutes=None, median_head_ack_minutes=None, open=0, overdue=0, resolved=0,
                    score=None, rank=None),
    # F: 13 received, 11 answered, 5 within (20 30 60 55 40). Answered: 20 30 40 55 60 90 120 120 210 210
    # 300 -> median the 6th = 90; p90 rank ceil(9.9) = 10 -> 210; ack (5 + 15) / 2 = 10; resolved 2, so
    # open 11; overdue at the end: due Wed 15:00 and due Tue 12:00 -> 2
    "dinas-f": dict(received=13, responded=11, responded_within_target=5, median_first_response_minutes=90.0,
                    p90_first_response_minutes=210, median_head_ack_minutes=10.0, open=11, overdue=2, resolved=2,
                    score=17.7094, rank=5),
}
# The region's median over all 31 answered: 5 5 10 10 10 10 15 20 20 20 20 30 30 30 40 | 40 | 40 45 50 55
# 60 60 60 90 90 90 120 120 210 210 300 -> the 16th = 40
REGION_MEDIAN = 40.0
#: Ranked best first, and the overdue count of the whole board at the period's end.
RANKED = ["dinas-b", "dinas-c", "dinas-d", "dinas-a", "dinas-f"]
OVERDUE = 4
#: Minutes the clock must give each answered case, in the order of CASES (a check on the hand work).
MINUTES = {"dinas-a": [10, 30, 45, 50, 60, 90, 15, 90, None], "dinas-b": [20, 5, 40, 10, 20, 60],
           "dinas-c": [5, 30, 10], "dinas-d": [40, 10, 20],
           "dinas-f": [20, 30, 60, 55, 120, 210, 210, 90, 300, 120, None, None, 40]}


def build() -> dict[str, object]:
    """Make the agencies and complaints; returns {slug: agency}."""
    agencies = {slug: AgencyFactory(slug=slug, name=f"Dinas {slug[-1].upper()}", short_name=f"Dinas {slug[-1].upper()}")
                for slug in CASES}
    by_receipt = {}
    for slug, cases in CASES.items():
        for received, answered, ack, resolved, *rest in cases:
            category = rest[0] if rest else "complaint"
            handed = rest[1] if len(rest) > 1 else received
            status = "resolved" if resolved else ("in_progress" if answered else "dispatched")
            complaint = ComplaintFactory(agency=agencies[slug], received_at=received, handed_at=handed,
                                         first_response_at=answered, head_ack_at=ack, resolved_at=resolved,
                                         status=status, category=category)
            complaint_clock_refresh(complaint=complaint, now=NOW)
            by_receipt.setdefault((slug, received), complaint)
    for slug, category, status, received in NOT_COUNTED:
        merged_into = None
        if status == "merged":
            status, merged_into = "archived", by_receipt[(slug, at(21, 9))]
        complaint = ComplaintFactory(agency=agencies[slug], category=category, status=status, received_at=received,
                                     merged_into=merged_into)
        complaint_clock_refresh(complaint=complaint, now=NOW)
    return agencies

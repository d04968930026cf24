#!/usr/bin/env python3
"""A synthetic year of weekly digests: N copies of the bundled report, copy i
with every date (and the title period) moved i weeks later.
usage: make_year.py REPORT.txt N OUT_DIR"""
import datetime, os, re, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(src, encoding="utf-8").read()
MONTHS = "January February March April May June July August September October November December".split()
full = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})")
period = re.compile(r"\((" + "|".join(MONTHS) + r") (\d{1,2})-(\d{1,2}), (\d{4})\)")
def shift(d, weeks):
    return d + datetime.timedelta(weeks=weeks)
def fmt(d):
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
os.makedirs(out, exist_ok=True)
for i in range(n):
    def rep(m):
        d = datetime.date(int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2)))
        return fmt(shift(d, i))
    def rep_period(m):
        y, mo = int(m.group(4)), MONTHS.index(m.group(1)) + 1
        a, b = shift(datetime.date(y, mo, int(m.group(2))), i), shift(datetime.date(y, mo, int(m.group(3))), i)
        start = f"{MONTHS[a.month - 1]} {a.day}" if a.year == b.year else fmt(a)
        return f"({start} - {fmt(b)})"
    t = full.sub(rep, text)
    t = period.sub(rep_period, t)
    open(os.path.join(out, f"digest-{i:03d}.txt"), "w", encoding="utf-8").write(t)

#!/usr/bin/python3
"""Writes tests/fixtures/dates/pairs.tsv: 3000 (text, ISO date) pairs drawn by
train_translator.py's own date_pair with a fixed seed, so that
tests/test_dates.c checks attnlab's date reader (src/model/dates.c) against
the generator the model was trained on, not against itself.

    /usr/bin/python3 scripts/gen_dates_fixture.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_translator  # noqa: E402  (imports torch; Debian's python3-torch)

SEED = 3000
N = 3000


def main():
    rng = random.Random(SEED)
    out = os.path.join(HERE, "..", "tests", "fixtures", "dates", "pairs.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# text<TAB>ISO date: train_translator.date_pair, random.Random(%d), %d pairs\n" % (SEED, N))
        for _ in range(N):
            text, iso = train_translator.date_pair(rng)
            assert "\t" not in text
            f.write("%s\t%s\n" % (text, iso))
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()

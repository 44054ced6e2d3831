#!/usr/bin/env python3
"""Generated tables for `stacklab train` / `stack` at scale and in the shapes tabular researchers bring.

  generate.py numeric ROWS COLS FILE      # ROWS x COLS gaussian features, 2 classes (a linear signal)
  generate.py adult ROWS FILE             # Adult-like: categories, booleans, "?" and empty cells, a label
                                          # carried mostly by the categorical columns
  generate.py imbalanced ROWS FILE        # 10 features, one row in 51 "rare", shifted by 1.2 on three features

`numeric` needs numpy (Debian: python3-numpy). Seeded, so the numbers in docs/results.md can be reproduced.
"""
import io
import random
import sys


def numeric(rows, cols, path):
    # numpy, a chunk of rows at a time: the pure-Python loop needed about 20 minutes for 10M rows x 50 columns.
    import numpy as np
    rng = np.random.default_rng(0)
    with open(path, 'w') as f:
        f.write(','.join(f'f{i}' for i in range(cols)) + ',label\n')
        for start in range(0, rows, 100_000):
            n = min(100_000, rows - start)
            y = rng.random(n) < 0.5
            x = rng.standard_normal((n, cols))
            x[:, :min(5, cols)] += 0.3 * y[:, None]
            text = io.StringIO()
            np.savetxt(text, x, fmt='%.4f', delimiter=',')
            lines = text.getvalue().splitlines()
            f.write(''.join(f'{line},{"yes" if label else "no"}\n' for line, label in zip(lines, y)))


def adult(rows, path):
    rng = random.Random(0)
    workclass = ['Private', 'Self-emp', 'State-gov', 'Federal-gov', 'Local-gov', 'Without-pay']
    education = ['HS-grad', 'Some-college', 'Bachelors', 'Masters', 'Doctorate', '11th', 'Assoc-voc', 'Prof-school']
    country = [f'country-{i}' for i in range(30)]
    with open(path, 'w') as f:
        f.write('age,workclass,education,married,hours,country,income\n')
        for _ in range(rows):
            w, e, c = rng.randrange(len(workclass)), rng.randrange(len(education)), rng.randrange(len(country))
            married = rng.random() < 0.5
            age = rng.randint(18, 80)
            hours = rng.randint(10, 70)
            score = 1.2 * (e in (2, 3, 4, 7)) + 1.0 * married + 0.8 * (w in (1, 3)) - 0.6 * (c % 3 == 0) + 0.01 * (age - 40) + rng.gauss(0, 0.8)
            cells = [
                '?' if rng.random() < 0.05 else str(age),
                '?' if rng.random() < 0.05 else workclass[w],
                education[e],
                'True' if married else 'False',
                '' if rng.random() < 0.03 else str(hours),
                '?' if rng.random() < 0.02 else country[c],
                '>50K' if score > 1.3 else '<=50K',
            ]
            f.write(','.join(cells) + '\n')


def imbalanced(rows, path):
    rng = random.Random(7)
    with open(path, 'w') as f:
        f.write(','.join(f'f{i}' for i in range(10)) + ',label\n')
        for i in range(rows):
            y = 1 if i % 51 == 0 else 0
            x = [rng.gauss(1.2 * y if k < 3 else 0, 1) for k in range(10)]
            f.write(','.join(f'{v:.4f}' for v in x) + (',rare\n' if y else ',common\n'))


if __name__ == '__main__':
    kind = sys.argv[1]
    if kind == 'numeric':
        numeric(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif kind == 'adult':
        adult(int(sys.argv[2]), sys.argv[3])
    elif kind == 'imbalanced':
        imbalanced(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)

#!/usr/bin/python3
"""Reference numbers for tests/test_ui.c, computed with numpy independently
of attnlab: lesson 01-three-stages, step 5 (dot score, softmax), as written
and after the learner sets Q[1][1] = 3. Run: python3 tests/ui_expected.py"""
import numpy as np

Q = np.array([[2.0, 0.1, 0.0, 0.2], [0.1, 2.0, 0.3, 0.0], [0.0, 0.2, 1.6, 0.9]])
K = np.array([[1.0, 0.0, 0.1, 0.0], [0.0, 1.0, 0.0, 0.1], [0.1, 0.0, 1.0, 0.2], [0.0, 0.1, 0.3, 1.0]])
V = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.8]])


def attend(q):
    e = q @ K.T
    x = np.exp(e - e.max(axis=1, keepdims=True))
    a = x / x.sum(axis=1, keepdims=True)
    return e, a, a @ V


for name, q in (("as written", Q), ("Q[1][1] = 3", np.where(np.arange(12).reshape(3, 4) == 5, 3.0, Q))):
    e, a, c = attend(q)
    print(name)
    print("  scores row chat ", np.round(e[1], 4))
    print("  weights row chat", np.round(a[1], 4), " (2 decimals:", np.round(a[1], 2), ")")
    print("  output row chat ", np.round(c[1], 4), " (2 decimals:", np.round(c[1], 2), ")")
e, a, c = attend(Q)
x = np.exp(e[1] - e[1].max())
print("weights[1][1] as written: max", e[1].max(), "exps", np.round(x, 4), "sum", round(x.sum(), 4),
      "a", round(a[1][1], 4))

"""Reference values for PhateReferenceTest (landscape4j): an independent numpy/scipy re-implementation of PHATE.

The phate package is not installable here (no PyPI), so this script re-implements its steps from the paper
(Moon et al., Nature Biotechnology 2019) and from phate/graphtools' documented behaviour, written afresh:
  alpha-decay kernel, bandwidth = distance to the k-th neighbour (self excluded), one-sided values < thresh -> 0,
  K = (K1 + K1^T)/2; P = K / row sums; von Neumann entropy of the spectrum, knee by two least-squares lines
  (phate.vne semantics, x = 0..t_max-1); P^t = numpy.linalg.matrix_power; U = -log(P^t + 1e-7);
  potential distances by scipy pdist; classical MDS (eigh of -J D^2 J / 2, axes u*sqrt(lambda));
  metric MDS by SMACOF for a fixed number of Guttman transforms, cross-checked against scikit-learn's
  manifold.smacof run from the same start for the same number of iterations; principal axes, sign convention.

Run with Debian's python3 (numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1 here):
    /usr/bin/python3 phate_reference.py
The data are small dyadic rationals, exact in float32 and float64, so Java builds the same matrix.
"""
import numpy as np
from numpy.linalg import matrix_power
from scipy.spatial.distance import pdist, squareform
from sklearn.manifold import smacof as sk_smacof

T, P = 40, 6


def data():
    x = np.zeros((T, P))
    for t in range(T):
        x[t, 0] = t / 2.0
        x[t, 1] = (t - 20) ** 2 / 64.0
        x[t, 2] = ((7 * t + 3) % 11 - 5) / 32.0
        x[t, 3] = ((5 * t + 1) % 13 - 6) / 32.0
        x[t, 4] = ((3 * t + 2) % 7 - 3) / 16.0
        x[t, 5] = (t % 3) / 8.0
    return x


def kernel(d, k, alpha, thresh):
    eps = np.sort(d, axis=1)[:, k]               # column 0 is the point itself
    eps = np.maximum(eps, np.finfo(float).eps)
    one_sided = np.exp(-np.power(d / eps[:, None], alpha))
    one_sided[one_sided < thresh] = 0
    return 0.5 * (one_sided + one_sided.T), eps


def entropy(spectrum, t_max):
    s = np.abs(spectrum)
    out = []
    for t in range(1, t_max + 1):
        p = s ** t / np.sum(s ** t) + np.finfo(float).eps
        out.append(-np.sum(p * np.log(p)))
    return np.array(out)


def knee(y):
    n = len(y)
    x = np.arange(n, dtype=float)

    def fit(xs, ys):                             # least-squares line through (xs, ys)
        a = np.vstack([xs, np.ones_like(xs)]).T
        m, b = np.linalg.lstsq(a, ys, rcond=None)[0]
        return m, b

    errors = []
    for b in range(1, n - 1):
        m1, c1 = fit(x[:b + 1], y[:b + 1])       # the first b + 1 points
        m2, c2 = fit(x[b - 1:], y[b - 1:])       # the last n - b + 1 points
        e = np.sum(np.abs(m1 * x[:b + 1] + c1 - y[:b + 1])) + np.sum(np.abs(m2 * x[b:] + c2 - y[b:]))
        errors.append(e)
    return int(np.argmin(errors)) + 1


def classical_mds(d2, dims):
    n = d2.shape[0]
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ d2 @ j
    w, v = np.linalg.eigh(b)
    order = np.argsort(w)[::-1][:dims]
    x = v[:, order] * np.sqrt(np.maximum(w[order], 0))
    for a in range(dims):
        if x[np.argmax(np.abs(x[:, a])), a] < 0:
            x[:, a] = -x[:, a]
    return x


def smacof(delta, x, iterations):
    n = delta.shape[0]
    stress = []
    for _ in range(iterations):
        d = squareform(pdist(x))
        stress.append(np.sum(np.triu(d - delta, 1) ** 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(d > 0, delta / d, 0.0)
        b = -r
        b[np.diag_indices(n)] = r.sum(axis=1)    # r has a zero diagonal
        x = b @ x / n
    d = squareform(pdist(x))
    stress.append(np.sum(np.triu(d - delta, 1) ** 2))
    return x, np.array(stress)


def principal_axes(x):
    x = x - x.mean(axis=0)
    w, v = np.linalg.eigh(x.T @ x)
    y = x @ v[:, np.argsort(w)[::-1]]
    for a in range(y.shape[1]):
        if y[np.argmax(np.abs(y[:, a])), a] < 0:
            y[:, a] = -y[:, a]
    return y


def phate(x, k, alpha, thresh, t, iterations, t_max=100):
    d = squareform(pdist(x))
    kern, eps = kernel(d, k, alpha, thresh)
    degrees = kern.sum(axis=1)
    p = kern / degrees[:, None]
    result = {"eps": eps, "degrees": degrees, "p": p}
    if t == "auto":
        a = kern / np.sqrt(np.outer(degrees, degrees))
        h = entropy(np.linalg.eigvalsh(a), t_max)
        h_phate = entropy(np.linalg.svd(p, compute_uv=False), t_max)   # phate uses P's singular values
        t = knee(h)
        result.update(entropy=h, t_singular=knee(h_phate))
    result["t"] = t
    pt = matrix_power(p, t)
    u = -np.log(pt + 1e-7)
    dpot = squareform(pdist(u))
    y0 = classical_mds(dpot ** 2, 2)
    y, stress = smacof(dpot, y0, iterations)
    # scikit-learn's SMACOF from the same start, the same number of transforms (eps = -inf: never stops early)
    y_sk, _ = sk_smacof(dpot, n_components=2, init=y0, n_init=1, max_iter=iterations, eps=-np.inf, metric=True,
                        normalized_stress=False)
    result.update(start=y0, stress=stress, sklearn_gap=np.max(np.abs(y - y_sk)) / np.max(np.abs(y)),
                  normalised=np.sqrt(stress[-1] / np.sum(np.triu(dpot, 1) ** 2)), y=principal_axes(y))
    return result


def java(name, values):
    values = np.atleast_1d(values)
    if values.ndim == 1:
        print("    static final double[] %s = {%s};" % (name, ", ".join(repr(float(v)) for v in values)))
    else:
        rows = ",\n        ".join("{%s}" % ", ".join(repr(float(v)) for v in row) for row in values)
        print("    static final double[][] %s = {\n        %s};" % (name, rows))


if __name__ == "__main__":
    x = data()
    auto = phate(x, k=5, alpha=40, thresh=1e-4, t="auto", iterations=200)
    print("    // auto: t = %d (knee of P's singular values, phate's spectrum: %d); sklearn SMACOF gap %.3g"
          % (auto["t"], auto["t_singular"], auto["sklearn_gap"]))
    print("    static final int AUTO_T = %d;" % auto["t"])
    java("AUTO_BANDWIDTHS", auto["eps"])
    java("AUTO_DEGREES", auto["degrees"])
    java("AUTO_ENTROPY", auto["entropy"][:12])
    java("AUTO_START", auto["start"])
    java("AUTO_STRESS", auto["stress"][[0, 1, 2, 10, 100, 200]])
    print("    static final double AUTO_NORMALISED_STRESS = %r;" % float(auto["normalised"]))
    java("AUTO_COORDINATES", auto["y"])
    fixed = phate(x, k=4, alpha=10, thresh=0.0, t=7, iterations=200)
    print("    // fixed t = 7, k = 4, alpha = 10, no threshold; sklearn SMACOF gap %.3g" % fixed["sklearn_gap"])
    java("FIXED_DEGREES", fixed["degrees"])
    java("FIXED_STRESS", fixed["stress"][[0, 1, 2, 10, 100, 200]])
    java("FIXED_COORDINATES", fixed["y"])

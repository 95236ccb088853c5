"""Reference values for PcaReferenceTest (landscape4j), from scikit-learn.

Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24.2 here):  /usr/bin/python3 sklearn_reference.py
The data are small dyadic rationals, exact in float32 and float64, so Java builds the same matrix.
Signs: every component is flipped so that its entry of largest magnitude is positive (svd_flip with
u_based_decision=False; IncrementalPCA already does this, PCA of scikit-learn < 1.5 uses the columns of U).
"""
import numpy as np
from sklearn.decomposition import PCA, IncrementalPCA
from sklearn.preprocessing import StandardScaler

T, P, K = 10, 6, 3


def data():
    x = np.zeros((T, P))
    for t in range(T):
        for p in range(P):
            x[t, p] = ((7 * t + 13 * p + 5 * t * p) % 17 - 8) / 4.0 + t * p / 8.0
    return x


def flip(components, coordinates=None):
    idx = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(components.shape[0]), idx])
    components = components * signs[:, None]
    if coordinates is not None:
        coordinates = coordinates * signs[None, :]
    return components, coordinates


def show(name, a):
    a = np.atleast_2d(a)
    rows = ["{" + ", ".join(repr(float(v)) for v in row) + "}" for row in a]
    print(f"{name} = {{\n    " + ",\n    ".join(rows) + "};")


x = data()
pca = PCA(n_components=K, svd_solver="full").fit(x)
comp, coord = flip(pca.components_, pca.transform(x))
show("PCA_COMPONENTS", comp)
show("PCA_SINGULAR_VALUES", pca.singular_values_)
show("PCA_EXPLAINED_VARIANCE", pca.explained_variance_)
show("PCA_EXPLAINED_VARIANCE_RATIO", pca.explained_variance_ratio_)
show("PCA_COORDINATES", coord)
show("PCA_MEAN", pca.mean_)

z = StandardScaler().fit_transform(x)  # population std (ddof = 0)
spca = PCA(n_components=K, svd_solver="full").fit(z)
scomp, _ = flip(spca.components_)
show("STANDARDIZED_COMPONENTS", scomp)
show("STANDARDIZED_EXPLAINED_VARIANCE", spca.explained_variance_)
show("STANDARDIZED_EXPLAINED_VARIANCE_RATIO", spca.explained_variance_ratio_)

ipca = IncrementalPCA(n_components=K)
for batch in (x[0:4], x[4:7], x[7:10]):
    ipca.partial_fit(batch)
icomp, _ = flip(ipca.components_)
assert np.allclose(icomp, ipca.components_)  # partial_fit's own convention is the same
show("IPCA_COMPONENTS", ipca.components_)
show("IPCA_SINGULAR_VALUES", ipca.singular_values_)
show("IPCA_EXPLAINED_VARIANCE", ipca.explained_variance_)
show("IPCA_EXPLAINED_VARIANCE_RATIO", ipca.explained_variance_ratio_)
show("IPCA_MEAN", ipca.mean_)
show("IPCA_TRANSFORM", ipca.transform(x))

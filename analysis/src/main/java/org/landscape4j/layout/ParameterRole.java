package org.landscape4j.layout;

/** What a parameter array does in its layer; decides whether and how a direction may perturb it. */
public enum ParameterRole {
    /** A weight matrix or kernel: perturbed, normalized filter by filter. */
    WEIGHT,
    /** A bias vector: 1-D, ignored by filter-wise normalization unless the user includes it. */
    BIAS,
    /** A trainable normalization parameter (batch-norm γ and β, layer-norm gain): 1-D, like a bias. */
    NORM,
    /** Non-trainable state stored among the parameters (batch-norm running mean and variance): never perturbed. */
    STATE;

    /** @return true if a direction may move this array at all. */
    public boolean isTrainable() {
        return this != STATE;
    }
}

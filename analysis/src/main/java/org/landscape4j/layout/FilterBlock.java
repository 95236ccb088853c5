package org.landscape4j.layout;

/**
 * One filter of a parameter array as a contiguous block of θ: the elements {@code θ[offset, offset + length)}.
 *
 * <p>A filter is the set of weights that produce one output unit (Li et al. 2018, §4): a column of a dense
 * layer's {@code [nIn, nOut]} 'f'-ordered matrix, {@code W[o]} of a convolution's {@code [nOut, nIn, kH, kW]}
 * 'c'-ordered kernel. Filter-wise normalization scales each block, d<sub>f</sub> ← d<sub>f</sub>·‖θ<sub>f</sub>‖
 * / (‖d<sub>f</sub>‖ + 1e-10), which is one BLAS nrm2 per block and one scal when the block is contiguous.
 *
 * @param offset the index in θ of the filter's first element
 * @param length the number of elements in the filter
 */
public record FilterBlock(long offset, long length) {

    public FilterBlock {
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("filter block [" + offset + ", +" + length + "): the offset must be"
                    + " ≥ 0 and the length ≥ 1");
        }
    }

    /** @return the index in θ one past the filter's last element */
    public long end() {
        return offset + length;
    }
}

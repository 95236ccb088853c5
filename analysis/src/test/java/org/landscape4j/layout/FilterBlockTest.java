package org.landscape4j.layout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filter blocks against the element addresses they must cover: for a 'f' array element (i₀, i₁, ...) sits at
 * i₀ + s₀·i₁ + s₀s₁·i₂ ..., for a 'c' array at ... + s₋₁·i₋₂ + i₋₁; every element with index o on the filter
 * axis must fall inside block o and nowhere else.
 */
class FilterBlockTest {

    private static ParameterArray array(long offset, long[] shape, char ordering, int axis) {
        long length = 1;
        for (long dim : shape) {
            length *= dim;
        }
        return new ParameterArray("w", "0", "Test", offset, length, shape, ordering,
                axis >= 0 ? ParameterRole.WEIGHT : ParameterRole.BIAS, axis);
    }

    /** Every element's address (flattened in the array's ordering) lies in the block of its filter index. */
    private static void assertBlocksCoverFilters(ParameterArray array) {
        long[] shape = array.shape();
        long[] index = new long[shape.length];
        for (long element = 0; element < array.length(); element++) {
            // decompose the element number into indices in the array's own ordering
            long rest = element;
            if (array.ordering() == 'c') {
                for (int axis = shape.length - 1; axis >= 0; axis--) {
                    index[axis] = rest % shape[axis];
                    rest /= shape[axis];
                }
            } else {
                for (int axis = 0; axis < shape.length; axis++) {
                    index[axis] = rest % shape[axis];
                    rest /= shape[axis];
                }
            }
            long address = array.offset() + element;
            FilterBlock block = array.filterBlock(index[array.filterAxis()]);
            assertTrue(address >= block.offset() && address < block.end(), "element " + element + " at " + address
                    + " with filter index " + index[array.filterAxis()] + " is outside " + block);
        }
    }

    @Test
    void denseWeightColumnsAreBlocks() {
        ParameterArray dense = array(10, new long[]{3, 4}, 'f', 1);
        assertTrue(dense.hasContiguousFilters());
        assertEquals(3, dense.filterLength());
        assertEquals(List.of(new FilterBlock(10, 3), new FilterBlock(13, 3), new FilterBlock(16, 3),
                new FilterBlock(19, 3)), dense.filterBlocks());
        assertBlocksCoverFilters(dense);
    }

    @Test
    void convolutionKernelsAreBlocks() {
        ParameterArray conv = array(3, new long[]{4, 2, 3, 3}, 'c', 0);
        assertEquals(4, conv.filterBlocks().size());
        assertEquals(new FilterBlock(3 + 2 * 18, 18), conv.filterBlock(2));
        assertBlocksCoverFilters(conv);
    }

    @Test
    void recurrentGateColumnsAreBlocks() {
        ParameterArray lstm = array(0, new long[]{5, 16}, 'f', 1);
        assertEquals(16, lstm.filterBlocks().size());
        assertEquals(new FilterBlock(75, 5), lstm.filterBlock(15));
        assertBlocksCoverFilters(lstm);
    }

    /** Axes of size 1 on the fast side do not break contiguity: a [1, n] 'c' row with filters on axis 1. */
    @Test
    void unitAxesDoNotMatter() {
        ParameterArray row = array(0, new long[]{1, 6}, 'c', 1);
        assertTrue(row.hasContiguousFilters());
        assertEquals(new FilterBlock(5, 1), row.filterBlock(5));
        assertBlocksCoverFilters(row);
    }

    @Test
    void refusesNonContiguousFiltersClearly() {
        ParameterArray columnsOfC = array(0, new long[]{3, 4}, 'c', 1);
        assertFalse(columnsOfC.hasContiguousFilters());
        IllegalStateException error = assertThrows(IllegalStateException.class, columnsOfC::filterBlocks);
        assertTrue(error.getMessage().contains("[3, 4]") && error.getMessage().contains("'c'")
                && error.getMessage().contains("filter axis 1"), error.getMessage());
        ParameterLayout layout = new ParameterLayout(List.of(columnsOfC));
        assertThrows(IllegalStateException.class, layout::requireContiguousFilters);
        assertThrows(IllegalStateException.class, () -> columnsOfC.filterBlock(0));
    }

    @Test
    void arraysWithoutFiltersHaveNoBlocks() {
        ParameterArray bias = array(0, new long[]{4}, 'f', -1);
        assertEquals(List.of(), bias.filterBlocks());
        assertFalse(bias.hasContiguousFilters());
        assertEquals(0, bias.filterLength());
        bias.requireContiguousFilters();
        assertThrows(IndexOutOfBoundsException.class, () -> array(0, new long[]{3, 4}, 'f', 1).filterBlock(4));
        assertThrows(IllegalArgumentException.class, () -> new FilterBlock(0, 0));
    }
}

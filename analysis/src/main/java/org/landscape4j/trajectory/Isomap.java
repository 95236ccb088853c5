package org.landscape4j.trajectory;

import java.util.Arrays;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Isomap (Tenenbaum, de Silva and Langford, "A global geometric framework for nonlinear dimensionality
 * reduction", Science 290, 2000): the k-nearest-neighbour graph of the points (an edge i–j when j is among i's k
 * nearest or i among j's, weighted by the Euclidean distance), geodesic distances as shortest paths in it
 * (Dijkstra from every point, O(T·(E + T) log T)), then {@link ClassicalMds} of their squares. A trajectory that
 * curves through parameter space is unrolled: its embedding follows the path length rather than the chord.
 * Memory O(T²).
 */
public final class Isomap {

    private Isomap() {
    }

    /**
     * @param squaredDistances Euclidean D⁽²⁾, T×T (e.g. {@link GramMatrix#squaredDistances})
     * @param neighbours       k ≥ 1, the neighbours of each point in the graph
     * @param dimensions       d
     * @return the embedding, or empty if the eigen-decomposition did not converge
     * @throws IllegalArgumentException if the graph is not connected (the message says how many parts: raise k)
     */
    public static Optional<Embedding> embed(double[][] squaredDistances, int neighbours, int dimensions) {
        double[][] geodesic = geodesicDistances(squaredDistances, neighbours);
        for (double[] row : geodesic) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= row[j];
            }
        }
        return ClassicalMds.embed("isomap", geodesic, dimensions);
    }

    /**
     * @return the shortest-path distances of the k-NN graph, T×T
     * @throws IllegalArgumentException if the graph is not connected
     */
    public static double[][] geodesicDistances(double[][] squaredDistances, int neighbours) {
        int t = squaredDistances.length;
        if (neighbours < 1 || neighbours >= t) {
            throw new IllegalArgumentException("Isomap of " + t + " points needs 1 to " + (t - 1)
                    + " neighbours, got " + neighbours);
        }
        double[][] weight = new double[t][t];
        for (double[] row : weight) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        Integer[] order = new Integer[t];
        for (int row = 0; row < t; row++) {
            final int i = row;
            double[] d = squaredDistances[i];
            for (int j = 0; j < t; j++) {
                order[j] = j;
            }
            // the point itself first, then by distance, ties by index (deterministic)
            Arrays.sort(order, (a, b) -> a == i ? -1 : b == i ? 1 : Double.compare(d[a], d[b]) != 0
                    ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
            for (int n = 1; n <= neighbours; n++) {
                int j = order[n];
                double w = Math.sqrt(d[j]);
                weight[i][j] = w;
                weight[j][i] = w;
            }
        }
        int[][] adjacent = new int[t][];
        for (int i = 0; i < t; i++) {
            int count = 0;
            for (int j = 0; j < t; j++) {
                if (j != i && weight[i][j] < Double.POSITIVE_INFINITY) {
                    count++;
                }
            }
            adjacent[i] = new int[count];
            count = 0;
            for (int j = 0; j < t; j++) {
                if (j != i && weight[i][j] < Double.POSITIVE_INFINITY) {
                    adjacent[i][count++] = j;
                }
            }
        }
        double[][] distance = new double[t][];
        for (int source = 0; source < t; source++) {
            Cancellation.check("Isomap");
            distance[source] = dijkstra(source, adjacent, weight);
        }
        int unreachable = 0;
        for (double d : distance[0]) {
            if (d == Double.POSITIVE_INFINITY) {
                unreachable++;
            }
        }
        if (unreachable > 0) {
            throw new IllegalArgumentException("the " + neighbours + "-nearest-neighbour graph of the " + t
                    + " snapshots is not connected (" + unreachable + " cannot be reached from the first): raise the"
                    + " number of neighbours");
        }
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < i; j++) {
                double d = 0.5 * (distance[i][j] + distance[j][i]);
                distance[i][j] = d;
                distance[j][i] = d;
            }
        }
        return distance;
    }

    private static double[] dijkstra(int source, int[][] adjacent, double[][] weight) {
        int t = adjacent.length;
        double[] d = new double[t];
        Arrays.fill(d, Double.POSITIVE_INFINITY);
        boolean[] done = new boolean[t];
        d[source] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        queue.add(new double[] {0, source});
        while (!queue.isEmpty()) {
            double[] head = queue.poll();
            int i = (int) head[1];
            if (done[i]) {
                continue;
            }
            done[i] = true;
            for (int j : adjacent[i]) {
                double candidate = d[i] + weight[i][j];
                if (candidate < d[j]) {
                    d[j] = candidate;
                    queue.add(new double[] {candidate, j});
                }
            }
        }
        return d;
    }
}

package io.dealstream.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a sample (nearest rank), in the sample's unit. */
public record Stats(int n, double p50, double p99, double max, double mean) {

    public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Stats of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Stats of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    /** The smallest value with at least {@code q} of the sample at or below it. */
    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The median of a few figures (e.g. start times), and their spread (max - min). */
    public static double median(double[] values) {
        return values.length == 0 ? Double.NaN : of(values).p50();
    }

    public static double spread(double[] values) {
        return values.length == 0 ? Double.NaN
                : Arrays.stream(values).max().getAsDouble() - Arrays.stream(values).min().getAsDouble();
    }
}

package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        Stats s = Stats.of(IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray());
        assertEquals(100, s.n());
        assertEquals(50, s.p50());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(50.5, s.mean());
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        Stats s = Stats.of(new double[] {7.5});
        assertEquals(7.5, s.p50());
        assertEquals(7.5, s.p99());
    }

    @Test
    void noValuesGiveNoFigures() {
        assertEquals(0, Stats.of(new double[0]).n());
        assertTrue(Double.isNaN(Stats.of(new double[0]).p50()));
    }

    @Test
    void medianAndSpreadOfStarts() {
        double[] starts = {1200, 900, 1500, 1000, 1100};
        assertEquals(1100, Stats.median(starts));
        assertEquals(600, Stats.spread(starts));
    }
}

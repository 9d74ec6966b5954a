package io.dealstream.compute.commitment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a commitment spends in each contract year, exact to the cent. Contract year n runs from the start date plus
 * n-1 years to the day before the start date plus n years.
 *
 * <p>Straight-line rule: every year gets the total divided by the years, rounded down to the cent, and the last
 * year gets what remains, so the years add up exactly to the total ($38B over 7 years: six years of
 * 5,428,571,428.57 and 5,428,571,428.58 in the last).
 */
public final class SpendSchedule {

    /** One contract year: its number (1 first), its first and last day, and the amount spent in it. */
    public record ContractYear(int year, LocalDate from, LocalDate to, BigDecimal amountUsd) {
    }

    private SpendSchedule() {
    }

    public static List<BigDecimal> straightLine(BigDecimal totalUsd, int years) {
        requireYears(years);
        requireCents(totalUsd, "the total");
        BigDecimal perYear = totalUsd.divide(BigDecimal.valueOf(years), 2, RoundingMode.DOWN);
        BigDecimal lastYear = totalUsd.subtract(perYear.multiply(BigDecimal.valueOf(years - 1L)));
        List<BigDecimal> amounts = new ArrayList<>(Collections.nCopies(years - 1, perYear));
        amounts.add(lastYear.setScale(2, RoundingMode.UNNECESSARY));
        return List.copyOf(amounts);
    }

    /**
     * A schedule given by the caller, checked against the commitment.
     *
     * @throws IllegalArgumentException when it has not one amount per year, or does not add up exactly to the total
     */
    public static List<BigDecimal> given(BigDecimal totalUsd, int years, List<BigDecimal> amountsUsd) {
        requireYears(years);
        requireCents(totalUsd, "the total");
        if (amountsUsd.size() != years) {
            throw new IllegalArgumentException("has " + amountsUsd.size() + " amounts for " + years
                    + " contract years; give one amount per year");
        }
        for (int i = 0; i < amountsUsd.size(); i++) {
            requireCents(amountsUsd.get(i), "the amount of year " + (i + 1));
        }
        BigDecimal sum = amountsUsd.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(totalUsd) != 0) {
            throw new IllegalArgumentException("adds up to " + sum.toPlainString() + " USD, not the total "
                    + totalUsd.toPlainString() + " USD");
        }
        return amountsUsd.stream().map(a -> a.setScale(2, RoundingMode.UNNECESSARY)).toList();
    }

    /** The contract years of a commitment starting on {@code startsOn} with these amounts, year 1 first. */
    public static List<ContractYear> years(LocalDate startsOn, List<BigDecimal> amountsUsd) {
        List<ContractYear> years = new ArrayList<>(amountsUsd.size());
        for (int i = 0; i < amountsUsd.size(); i++) {
            years.add(new ContractYear(i + 1, startsOn.plusYears(i), startsOn.plusYears(i + 1L).minusDays(1),
                    amountsUsd.get(i)));
        }
        return List.copyOf(years);
    }

    /** The last day of a commitment of {@code years} contract years. */
    public static LocalDate endsOn(LocalDate startsOn, int years) {
        return startsOn.plusYears(years).minusDays(1);
    }

    private static void requireCents(BigDecimal usd, String what) {
        if (usd.signum() < 0 || usd.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(what + " must be a USD amount of 0 or more in cents, not "
                    + usd.toPlainString());
        }
    }

    private static void requireYears(int years) {
        if (years < 1) {
            throw new IllegalArgumentException("a commitment runs for at least one year, not " + years);
        }
    }
}

package io.dealstream.compute.commitment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.compute.commitment.SpendSchedule.ContractYear;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendScheduleTest {

    @Test
    void thirtyEightBillionOverSevenYearsPutsTheRemainderInTheLastYear() {
        List<BigDecimal> amounts = SpendSchedule.straightLine(usd("38000000000.00"), 7);
        assertEquals(Collections.nCopies(6, usd("5428571428.57")), amounts.subList(0, 6));
        assertEquals(usd("5428571428.58"), amounts.get(6));
        assertEquals(usd("38000000000.00"), sum(amounts));
    }

    @Test
    void aHundredBillionOverEightYearsDividesEvenly() {
        assertEquals(Collections.nCopies(8, usd("12500000000.00")),
                SpendSchedule.straightLine(usd("100000000000"), 8));
    }

    @Test
    void straightLineAlwaysAddsUpExactly() {
        for (String total : List.of("0.01", "0.05", "100.00", "99999999999999999.99", "38000000000")) {
            for (int years = 1; years <= 30; years++) {
                List<BigDecimal> amounts = SpendSchedule.straightLine(usd(total), years);
                assertEquals(years, amounts.size());
                assertEquals(0, sum(amounts).compareTo(usd(total)), total + " over " + years);
                amounts.forEach(a -> assertEquals(2, a.scale(), "cents: " + a));
            }
        }
        assertEquals(List.of(usd("33.33"), usd("33.33"), usd("33.34")), SpendSchedule.straightLine(usd("100"), 3));
        assertEquals(List.of(usd("0.01"), usd("0.01"), usd("0.03")), SpendSchedule.straightLine(usd("0.05"), 3));
        assertEquals(List.of(usd("0.00"), usd("0.00"), usd("0.02")), SpendSchedule.straightLine(usd("0.02"), 3));
    }

    @Test
    void contractYearsRunFromTheStartDayToTheDayBeforeItsAnniversary() {
        List<ContractYear> years = SpendSchedule.years(LocalDate.of(2025, 11, 1),
                SpendSchedule.straightLine(usd("38000000000.00"), 7));
        assertEquals(new ContractYear(1, LocalDate.of(2025, 11, 1), LocalDate.of(2026, 10, 31), usd("5428571428.57")),
                years.get(0));
        assertEquals(new ContractYear(7, LocalDate.of(2031, 11, 1), LocalDate.of(2032, 10, 31), usd("5428571428.58")),
                years.get(6));
        assertEquals(LocalDate.of(2032, 10, 31), SpendSchedule.endsOn(LocalDate.of(2025, 11, 1), 7));
    }

    @Test
    void contractYearsFromALeapDayLeaveNoGapAndNoOverlap() {
        List<ContractYear> years = SpendSchedule.years(LocalDate.of(2028, 2, 29),
                SpendSchedule.straightLine(usd("100"), 5));
        for (int i = 1; i < years.size(); i++) {
            assertEquals(years.get(i - 1).to().plusDays(1), years.get(i).from(), "year " + (i + 1));
        }
    }

    @Test
    void aGivenScheduleMustHaveOneAmountPerYear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpendSchedule.given(usd("300.00"), 3, List.of(usd("100.00"), usd("200.00"))));
        assertTrue(e.getMessage().contains("2 amounts for 3 contract years"), e.getMessage());
    }

    @Test
    void aGivenScheduleMustAddUpToTheCent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpendSchedule.given(usd("300.00"), 3, List.of(usd("100.00"), usd("100.00"), usd("99.99"))));
        assertTrue(e.getMessage().contains("299.99"), e.getMessage());
        assertEquals(List.of(usd("50.00"), usd("0.00"), usd("250.00")),
                SpendSchedule.given(usd("300"), 3, List.of(usd("50"), usd("0"), usd("250.00"))));
    }

    @Test
    void amountsFinerThanACentOrNegativeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> SpendSchedule.given(usd("1.00"), 2, List.of(usd("0.505"), usd("0.495"))));
        assertThrows(IllegalArgumentException.class,
                () -> SpendSchedule.given(usd("1.00"), 2, List.of(usd("-1.00"), usd("2.00"))));
        assertThrows(IllegalArgumentException.class, () -> SpendSchedule.straightLine(usd("1.001"), 2));
        assertThrows(IllegalArgumentException.class, () -> SpendSchedule.straightLine(usd("1.00"), 0));
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }
}

package io.dealstream.compute.deal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 2 GW is the deal's total; only its split between Trainium3 and Trainium4 is a setting. */
class ComputeTermsTest {

    @Test
    void theExpansionContractsTwoGigawatts() {
        assertEquals(new BigDecimal("2.000"), ComputeTerms.CONTRACTED_GW);
    }

    @ParameterizedTest(name = "share {0}: Trainium3 {1} GW, Trainium4 {2} GW")
    @CsvSource(textBlock = """
            0.5,    1.000, 1.000
            0.3,    0.600, 1.400
            0,      0.000, 2.000
            1,      2.000, 0.000
            0.3333, 0.667, 1.333
            0.66665, 1.333, 0.667
            """)
    void trainium4GetsWhatTrainium3sShareLeavesOfTheTwoGigawatts(String share, String trainium3, String trainium4) {
        BigDecimal t3 = ComputeTerms.trainium3Gw(new BigDecimal(share));
        BigDecimal t4 = ComputeTerms.trainium4Gw(new BigDecimal(share));
        assertEquals(new BigDecimal(trainium3), t3);
        assertEquals(new BigDecimal(trainium4), t4);
        assertEquals(new BigDecimal("2.000"), t3.add(t4));
    }

    @ParameterizedTest
    @CsvSource({"-0.1", "1.001", "2"})
    void aShareOutsideZeroToOneIsRefused(String share) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ComputeTerms.trainium3Gw(new BigDecimal(share)));
        assertEquals("Trainium3's share of the 2.000 GW must be between 0 and 1, not " + share, refused.getMessage());
    }
}

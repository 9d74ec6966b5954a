package io.dealstream.investment.round;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** An investor of a round and the amount it committed to it (a row of {@code round_investor}). */
@Embeddable
public class RoundInvestor {

    @Column(nullable = false)
    public String investor;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal committed;

    protected RoundInvestor() {
    }

    public RoundInvestor(String investor, BigDecimal committed) {
        this.investor = investor;
        this.committed = committed;
    }
}

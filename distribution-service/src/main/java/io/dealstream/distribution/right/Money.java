package io.dealstream.distribution.right;

import java.math.BigDecimal;

/** USD amounts as people read them in the deal's news: $15B, $50B, $0. */
final class Money {

    private static final BigDecimal BILLION = new BigDecimal("1000000000");

    private Money() {
    }

    static String usd(BigDecimal amount) {
        if (amount.signum() == 0) {
            return "$0";
        }
        if (amount.abs().compareTo(BILLION) >= 0) {
            return "$" + amount.movePointLeft(9).stripTrailingZeros().toPlainString() + "B";
        }
        return "$" + amount.stripTrailingZeros().toPlainString();
    }
}

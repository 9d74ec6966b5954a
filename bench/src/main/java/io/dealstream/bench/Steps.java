package io.dealstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The stepped-load rule, shared by the services and the bare pipeline so that their sustained rates compare. */
final class Steps {

    private Steps() {
    }

    /**
     * Sustained: nothing failed, at least 95% of the offered rate was done, and every change was seen by both
     * consumers within {@code catchUpLimit} seconds of the last one done (no backlog left).
     */
    static boolean sustained(double offered, int errors, double achieved, int unseen, double catchUpSeconds,
            double catchUpLimit) {
        return errors == 0 && achieved >= 0.95 * offered && unseen == 0 && catchUpSeconds <= catchUpLimit;
    }

    /** Changes in one step: the rate for the step's length, and at least 20. */
    static int changes(double rate, int stepSeconds) {
        return (int) Math.max(20, rate * stepSeconds);
    }

    /**
     * Services against the bare pipeline: propagation p50 and p99 (services / bare, above 1 is slower) and sustained
     * rate (services / bare, below 1 is less); NaN where a side has no figure.
     */
    static Map<String, Object> servicesVsBare(Stats services, double servicesSustained, Stats bare,
            double bareSustained) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("propagationP50", ratio(services.p50(), bare.p50()));
        m.put("propagationP99", ratio(services.p99(), bare.p99()));
        m.put("sustained", ratio(servicesSustained, bareSustained));
        return m;
    }

    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? Double.NaN : Bench.round(a / b);
    }
}

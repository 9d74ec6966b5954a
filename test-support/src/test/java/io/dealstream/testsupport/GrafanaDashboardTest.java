package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

    static Set<String> names(String expr) {
        return GrafanaDashboard.metricNames(expr);
    }

    @Test
    void aHistogramQuantileQueriesTheBucketSeriesOnly() {
        assertEquals(Set.of("dealstream_view_propagation_seconds_bucket"), names("histogram_quantile(0.99, sum by "
                + "(service, le) (rate(dealstream_view_propagation_seconds_bucket[$__rate_interval])))"));
    }

    @Test
    void labelMatchersStringsAndLabelListsAreNoMetricNames() {
        assertEquals(Set.of("kafka_consumer_fetch_manager_records_lag"), names("sum by (service, partition) "
                + "(kafka_consumer_fetch_manager_records_lag{topic=\"investment.tranche-events\", a=~\"x}y(z)\"})"));
        assertEquals(Set.of("a_total", "b"), names("sum without (pod) (rate(a_total{x!='q\\'}'}[5m:30s])) / on(service) "
                + "group_left(le, outcome) max by(service)(b offset 1h30m)"));
    }

    @Test
    void keywordsNumbersAndGrafanaVariablesAreNoMetricNames() {
        assertEquals(Set.of("up", "x_total", "dealstream_rights"), names("up > bool 0 and x_total unless "
                + "dealstream_rights{status=\"$status\"} or vector(1e3) * 0x1F - Inf + NaN + count_over_time(up[${__range}])"));
        assertEquals(Set.of("sum"), names("sum"), "a metric may have a function's name when nothing follows it");
    }

    @Test
    void readsEveryExprOfADashboardInOrder() {
        GrafanaDashboard d = GrafanaDashboard.of("""
                {"panels": [
                  {"targets": [{"expr": "sum(a)", "legendFormat": "{{service}}"}, {"expr": "rate(b_total[1m])"}]},
                  {"type": "row", "panels": [{"targets": [{"expr": "c{d=\\"e\\"}"}]}]}
                ]}""");
        assertEquals(List.of("sum(a)", "rate(b_total[1m])", "c{d=\"e\"}"), d.expressions());
        assertEquals(Set.of("a", "b_total", "c"), d.metricNames());
    }
}

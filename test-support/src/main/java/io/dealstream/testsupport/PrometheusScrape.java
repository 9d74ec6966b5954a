package io.dealstream.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A {@code /q/metrics} answer in Prometheus text format, read as series and their values, so a test can assert a
 * metric's exact figure: {@code scrape.value("dealstream_rights{status=\"active\"}")}. A series is written as the
 * scrape writes it: the name, and the labels in the scrape's order (Micrometer sorts them by name).
 */
public final class PrometheusScrape {

    private final Map<String, Double> values;

    private PrometheusScrape(Map<String, Double> values) {
        this.values = values;
    }

    public static PrometheusScrape of(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // name{labels} value [timestamp]: the labels end at the last brace (a value never has one)
            int end = line.indexOf('{') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
            // the 0.0.4 text format may end the labels with a comma; OpenMetrics does not
            String series = line.substring(0, end).replace(",}", "}");
            String rest = line.substring(end).trim();
            values.put(series, Double.parseDouble(rest.split(" ")[0]));
        }
        return new PrometheusScrape(values);
    }

    /** The value of exactly this series; fails naming the series when the scrape has none such. */
    public double value(String series) {
        Double value = values.get(series);
        if (value == null) {
            throw new NoSuchElementException("no series " + series + " in the scrape; of that name: "
                    + values.keySet().stream().filter(s -> s.startsWith(nameOf(series))).toList());
        }
        return value;
    }

    /** Whether some series has this name (whatever its labels). */
    public boolean has(String name) {
        return values.keySet().stream().anyMatch(s -> nameOf(s).equals(name));
    }

    private static String nameOf(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }
}

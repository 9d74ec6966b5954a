package io.dealstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A Grafana dashboard's PromQL, read for the metric names it queries, so that a test can hold them against what the
 * services really expose: {@code dashboard.metricNames()} against a {@link PrometheusScrape}. A name is taken as the
 * query writes it, which is the series name of the scrape ({@code x_bucket} for a histogram's buckets).
 */
public final class GrafanaDashboard {

    /** Words of PromQL that are not metric names where they stand without a parenthesis after them. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    /** Modifiers followed by a list of label names in parentheses. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private final List<String> expressions;

    private GrafanaDashboard(List<String> expressions) {
        this.expressions = expressions;
    }

    public static GrafanaDashboard read(Path file) {
        try {
            return of(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GrafanaDashboard of(String json) {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(json);
            List<String> expressions = new ArrayList<>();
            dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
            return new GrafanaDashboard(List.copyOf(expressions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code expr} of the dashboard's queries, in the order of the file. */
    public List<String> expressions() {
        return expressions;
    }

    /** The metric names all the expressions query. */
    public SortedSet<String> metricNames() {
        SortedSet<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /**
     * The metric names one PromQL expression selects: its identifiers, less functions and aggregations (a parenthesis
     * follows them), keywords, the label lists of by/without/on/ignoring/group_*, label matchers, range and subquery
     * brackets, strings, numbers, durations and Grafana's {@code $variables}.
     */
    public static SortedSet<String> metricNames(String expr) {
        SortedSet<String> names = new TreeSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '{') {
                i = skipPast(expr, i, '}');
            } else if (c == '[') {
                i = skipPast(expr, i, ']');
            } else if (c == '$') {
                i = skipVariable(expr, i + 1);
            } else if (Character.isDigit(c) || c == '.') {
                // numbers, hex, exponents and durations (5m30s): letters and digits that start with a digit
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (LABEL_LISTS.contains(word)) {
                    i = next < n && expr.charAt(next) == '(' ? skipPast(expr, next, ')') : next;
                } else if (next < n && expr.charAt(next) == '(' || startsWithWord(expr, next, "by")
                        || startsWithWord(expr, next, "without")) {
                    i = next; // a function, or an aggregation (sum by (...) (...)): its arguments follow
                } else if (!KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean startsWithWord(String s, int i, String word) {
        int end = i + word.length();
        return s.startsWith(word, i) && (end == s.length() || !(Character.isLetterOrDigit(s.charAt(end))
                || s.charAt(end) == '_' || s.charAt(end) == ':'));
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Past the closing quote, escapes included. */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i++);
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    /** Past the closing character of a bracket that opens at i; strings inside may hold that character. */
    private static int skipPast(String s, int i, char close) {
        i++;
        while (i < s.length() && s.charAt(i) != close) {
            i = s.charAt(i) == '"' || s.charAt(i) == '\'' || s.charAt(i) == '`' ? skipString(s, i) : i + 1;
        }
        return i + 1;
    }

    /** Past $name or ${name...}. */
    private static int skipVariable(String s, int i) {
        if (i < s.length() && s.charAt(i) == '{') {
            return skipPast(s, i, '}');
        }
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }
}

package io.dealstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.testsupport.ObservedExchanges.Exchange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a served OpenAPI document against what a client relies on: every answer the tests observed is documented
 * for its operation, every error answer is an RFC 9457 problem, every success answer has a schema, every create
 * says where the created resource is. Each check returns its mismatches as sentences, none when the document holds.
 */
public final class OpenApiContract {

    /** The problem schema every error answer refers to. */
    public static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private OpenApiContract() {
    }

    /** The operations of the document, by path template and method. */
    private record Operation(String template, String method, JsonNode node) {

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    /**
     * The observed answers that the document does not list: a status its operation does not document, or a route
     * that answered with anything but 404 although no path of the document matches it. An answer to a method the
     * path does not offer must be 405. HEAD and OPTIONS are not operations of the document.
     */
    public static List<String> undocumentedAnswers(JsonNode document, Collection<Exchange> observed) {
        Map<String, Set<Integer>> missing = new TreeMap<>();
        for (Exchange e : observed) {
            String method = e.method().toLowerCase(Locale.ROOT);
            if (method.equals("head") || method.equals("options")) {
                continue;
            }
            Optional<String> template = template(document, e.path());
            if (template.isEmpty()) {
                if (e.status() != 404) {
                    missing.computeIfAbsent(e.method() + " " + e.path() + " (no documented path matches it)",
                            k -> new TreeSet<>()).add(e.status());
                }
                continue;
            }
            JsonNode operation = document.path("paths").path(template.get()).path(method);
            if (operation.isMissingNode()) {
                if (e.status() != 405) {
                    missing.computeIfAbsent(e.method() + " " + template.get() + " (not an operation of the document)",
                            k -> new TreeSet<>()).add(e.status());
                }
                continue;
            }
            if (!operation.path("responses").has(Integer.toString(e.status()))) {
                missing.computeIfAbsent(e.method() + " " + template.get(), k -> new TreeSet<>()).add(e.status());
            }
        }
        List<String> found = new ArrayList<>();
        missing.forEach((operation, statuses) -> found.add(operation + " answered " + statuses
                + " in the tests, which the document does not list"));
        return found;
    }

    /** The routes (e.g. from {@link ResourceRoutes}) that the document has no operation for. */
    public static List<String> undocumentedRoutes(JsonNode document, Collection<String> routes) {
        List<String> missing = new ArrayList<>();
        for (String route : routes) {
            String[] verbAndPath = route.split(" ", 2);
            if (document.path("paths").path(verbAndPath[1]).path(verbAndPath[0].toLowerCase(Locale.ROOT))
                    .isMissingNode()) {
                missing.add(route + " is a route of the service that the document does not show");
            }
        }
        return missing;
    }

    /**
     * Shapes the document promises: each error answer (4xx, 5xx) is {@code application/problem+json} of
     * {@link #PROBLEM_REF}; each answer with a body has a schema; a 201 has a Location header; no operation documents
     * a {@code default} answer instead of its statuses; the Problem schema has RFC 9457's members and {@code errors}.
     */
    public static List<String> shapeFaults(JsonNode document) {
        List<String> faults = new ArrayList<>();
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        for (String member : List.of("type", "title", "status", "detail", "instance", "errors")) {
            if (!problem.path("properties").has(member)) {
                faults.add("the Problem schema has no '" + member + "'");
            }
        }
        for (Operation op : operations(document)) {
            op.node().path("requestBody").path("content").fields().forEachRemaining(media ->
                    withoutExamples(document, media.getValue().path("schema"), "", new java.util.HashSet<>())
                            .forEach(field -> faults.add(op.name() + " body's " + field + " has no example")));
            JsonNode responses = op.node().path("responses");
            if (responses.has("default")) {
                faults.add(op.name() + " documents a default answer instead of its statuses");
            }
            Iterator<Map.Entry<String, JsonNode>> statuses = responses.fields();
            while (statuses.hasNext()) {
                Map.Entry<String, JsonNode> answer = statuses.next();
                String status = answer.getKey();
                JsonNode content = answer.getValue().path("content");
                if (status.startsWith("4") || status.startsWith("5")) {
                    String ref = content.path("application/problem+json").path("schema").path("$ref").asText("");
                    if (!ref.equals(PROBLEM_REF)) {
                        faults.add(op.name() + " " + status + " is not documented as application/problem+json of "
                                + "the Problem schema");
                    }
                } else if (status.equals("201")) {
                    if (!answer.getValue().path("headers").has("Location")) {
                        faults.add(op.name() + " 201 documents no Location header");
                    }
                } else if (status.equals("200")) {
                    if (content.isMissingNode() || content.isEmpty()) {
                        faults.add(op.name() + " 200 documents no body");
                    } else {
                        content.fields().forEachRemaining(media -> {
                            JsonNode schema = media.getValue().path("schema");
                            if (schema.isMissingNode() || schema.isEmpty()) {
                                faults.add(op.name() + " 200 " + media.getKey() + " has an empty schema");
                            }
                        });
                    }
                }
            }
        }
        return faults;
    }

    /**
     * The plain members of a body's schema (a text, number or truth value that is no enum) that show no example,
     * members of nested objects and of arrays' items included, as a path such as {@code investors[].committed}.
     */
    private static List<String> withoutExamples(JsonNode document, JsonNode schema, String path, Set<String> seen) {
        JsonNode resolved = schema;
        String ref = schema.path("$ref").asText("");
        if (!ref.isEmpty()) {
            if (!seen.add(ref)) {
                return List.of();
            }
            resolved = document.at(ref.substring(1));
        }
        List<String> missing = new ArrayList<>();
        if (resolved.has("items")) {
            missing.addAll(withoutExamples(document, resolved.path("items"), path + "[]", seen));
        }
        Iterator<Map.Entry<String, JsonNode>> members = resolved.path("properties").fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            String name = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            boolean nested = value.has("$ref") || value.has("properties") || value.has("items");
            if (value.has("example") || value.has("examples")) {
                continue;
            }
            if (nested) {
                missing.addAll(withoutExamples(document, value, name, seen));
            } else if (!value.has("enum")) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** The document's path template that {@code path} falls under, the most literal one if several do. */
    static Optional<String> template(JsonNode document, String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> matching = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(template -> {
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            if (Pattern.matches(regex, normalized)) {
                matching.add(template);
            }
        });
        return matching.stream().min(Comparator.comparingInt(OpenApiContract::parameters)
                .thenComparing(Comparator.naturalOrder()));
    }

    private static int parameters(String template) {
        return (int) template.chars().filter(c -> c == '{').count();
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> all = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(m -> {
            if (METHODS.contains(m.getKey())) {
                all.add(new Operation(path.getKey(), m.getKey(), m.getValue()));
            }
        }));
        return all;
    }
}

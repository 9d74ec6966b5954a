package io.dealstream.platform.http;

import io.dealstream.platform.idempotency.IdempotencyKey;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The house rules of every service's OpenAPI document, written once here rather than on each operation:
 * <ul>
 * <li>the error answers: the RFC 9457 {@code Problem} schema, every 4xx and 5xx answer as
 * {@code application/problem+json} of it, and the answers any operation can give before its resource runs
 * (RequestGate's 400, 414 and 431; for a body, 413 and 415; for a secured one, 401 and 403). An operation's own
 * refusals (409, 422, 503, and a 404 that says more than the one below) are annotated on it;</li>
 * <li>an operation on a path with a parameter ({@code /rounds/{id}/cap-table}) answers 404 when nothing has that id:
 * "No round with this id";</li>
 * <li>the events' AsyncAPI document (the events module's {@code /asyncapi.yaml}), which each service serves, listed as
 * the route it is;</li>
 * <li>every POST is {@code @Idempotent}: it gets the {@code Idempotency-Key} header and the 422 of a key sent again with
 * another request;</li>
 * <li>an operation that pages ({@link PageQuery}'s {@code limit} and {@code after}) announces its next page in the
 * {@code Link} header of its 200, unless it documents that header itself;</li>
 * <li>a 201 is {@link Created}'s: its {@code Location} and {@code ETag} headers. An answer marked
 * {@link EntityTags#TAGGED} is {@link EntityTags#ok}'s: its {@code ETag} header (the mark is dropped);</li>
 * <li>an operation that takes {@code If-Match} ({@link IfMatch}) gets the header's rule and the 412 of a precondition
 * not met.</li>
 * </ul>
 * Runs at startup, after the build-time filters that add the security answers.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDocumentRules implements OASFilter {

    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String ASYNCAPI_PATH = "/asyncapi.yaml";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<String, String> ANY_REQUEST = Map.of(
            "400", "Bad Request: a parameter, a header (Host, Idempotency-Key, If-Match) or the body is malformed "
                    + "or out of its limits (`errors` names each field)",
            "414", "URI Too Long: longer than dealstream.http.limits.max-uri-length",
            "431", "Request Header Fields Too Large: the headers exceed dealstream.http.limits.max-header-size");
    private static final Map<String, String> WITH_BODY = Map.of(
            "413", "Content Too Large: the body exceeds quarkus.http.limits.max-body-size",
            "415", "Unsupported Media Type: the body must be application/json");
    private static final Map<String, String> SECURED = Map.of(
            "401", "Unauthorized: no bearer token, or one that is expired, forged or of another issuer",
            "403", "Forbidden: the token lacks the role or the investor this needs");

    /**
     * The descriptions Quarkus gives the answers it adds: the 400 of a validated body, the 401 and 403 of a secured
     * operation. Ours say more.
     */
    private static final Set<String> GENERIC = Set.of("", "Bad Request", "Not Authorized", "Not Allowed");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        listAsyncApi(openAPI);
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            path.getValue().getOperations().forEach((method, operation) -> {
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                if (method == PathItem.HttpMethod.POST) {
                    retrySafe(operation);
                }
                linkNextPage(operation);
                tagVersions(path.getKey(), operation);
                answerUnknownId(path.getKey(), operation);
                writeOnlyIfMatched(operation);
                answerProblems(operation);
            });
        }
    }

    /** The events' AsyncAPI document, served by every service beside its API. */
    private static void listAsyncApi(OpenAPI openAPI) {
        openAPI.getPaths().addPathItem(ASYNCAPI_PATH, OASFactory.createPathItem().GET(OASFactory.createOperation()
                .summary("The AsyncAPI 3.0.0 document of the Kafka topics, their events and dead letters")
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                        .description("The document, as kept in the events module")
                        .content(OASFactory.createContent().addMediaType("application/yaml",
                                OASFactory.createMediaType().schema(OASFactory.createSchema()
                                        .addType(SchemaType.STRING))))))));
    }

    /** Every POST takes an Idempotency-Key, and may answer the 422 of a key sent before with another request. */
    private static void retrySafe(Operation operation) {
        if (parameter(operation, Parameter.In.HEADER, IdempotencyKey.HEADER) == null) {
            operation.addParameter(OASFactory.createParameter().name(IdempotencyKey.HEADER).in(Parameter.In.HEADER)
                    .description(IdempotencyKey.DESCRIPTION).required(false)
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING).pattern(IdempotencyKey.PATTERN)
                            .examples(List.of("6f1c0e2a-4b7d-4e58-9a31-2d5c8b7e0f14"))));
        }
        APIResponse unprocessable = operation.getResponses().getAPIResponse("422");
        if (unprocessable == null) {
            operation.getResponses().addAPIResponse("422",
                    OASFactory.createAPIResponse().description(IdempotencyKey.REUSED));
        } else if (unprocessable.getDescription() == null) {
            unprocessable.setDescription(IdempotencyKey.REUSED);
        } else if (!unprocessable.getDescription().contains(IdempotencyKey.HEADER)) {
            unprocessable.setDescription(unprocessable.getDescription() + "; or: " + IdempotencyKey.REUSED);
        }
    }

    /** An operation that takes {@code limit} and {@code after} pages: its 200 may link the next page. */
    private static void linkNextPage(Operation operation) {
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        if (ok == null || !hasQuery(operation, Paging.LIMIT) || !hasQuery(operation, Paging.AFTER)) {
            return;
        }
        addHeader(ok, Paging.LINK, Paging.LINK_DESCRIPTION);
    }

    private static boolean hasQuery(Operation operation, String name) {
        return parameter(operation, Parameter.In.QUERY, name) != null;
    }

    /**
     * A 201 names what it made ({@code /rounds} makes {@code /rounds/{id}}, "the round's path") and its version; an
     * answer marked {@link EntityTags#TAGGED} carries its version too.
     */
    private static void tagVersions(String path, Operation operation) {
        APIResponse created = operation.getResponses().getAPIResponse("201");
        if (created != null) {
            String made = singular(path.substring(path.lastIndexOf('/') + 1));
            addHeader(created, HttpHeaders.LOCATION, "The " + made + "'s path, " + path + "/{id}");
            addHeader(created, HttpHeaders.ETAG, EntityTags.DESCRIPTION);
        }
        operation.getResponses().getAPIResponses().values().forEach(answer -> {
            if (answer.getExtensions() != null && answer.getExtensions().containsKey(EntityTags.TAGGED)) {
                answer.removeExtension(EntityTags.TAGGED);
                addHeader(answer, HttpHeaders.ETAG, EntityTags.DESCRIPTION);
            }
        });
    }

    /**
     * A path with a parameter names one of a collection ({@code /rounds/{id}/cap-table}: a round), which may not exist:
     * its 404, unless the operation documents one that says more.
     */
    private static void answerUnknownId(String path, Operation operation) {
        int parameter = path.indexOf("/{");
        if (parameter < 0 || operation.getResponses().getAPIResponse("404") != null) {
            return;
        }
        String collection = path.substring(path.lastIndexOf('/', parameter - 1) + 1, parameter);
        operation.getResponses().addAPIResponse("404",
                OASFactory.createAPIResponse().description("No " + singular(collection) + " with this id"));
    }

    /** One of a collection: {@code rounds} holds rounds. */
    private static String singular(String collection) {
        return collection.replaceFirst("s$", "");
    }

    /** The If-Match header of a write, as one text whatever lines it came in, and its 412. */
    private static void writeOnlyIfMatched(Operation operation) {
        Parameter ifMatch = parameter(operation, Parameter.In.HEADER, IfMatch.HEADER);
        if (ifMatch == null) {
            return;
        }
        ifMatch.description(IfMatch.DESCRIPTION).schema(OASFactory.createSchema().addType(SchemaType.STRING));
        if (operation.getResponses().getAPIResponse("412") == null) {
            operation.getResponses().addAPIResponse("412", OASFactory.createAPIResponse().description(IfMatch.FAILED));
        }
    }

    private static Parameter parameter(Operation operation, Parameter.In in, String name) {
        return operation.getParameters() == null ? null : operation.getParameters().stream()
                .filter(p -> p.getIn() == in && name.equalsIgnoreCase(p.getName())).findFirst().orElse(null);
    }

    private static void addHeader(APIResponse answer, String name, String description) {
        if (answer.getHeaders() == null || !answer.getHeaders().containsKey(name)) {
            answer.addHeader(name, OASFactory.createHeader().description(description)
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
        }
    }

    /** The refusals any request may meet, and every 4xx and 5xx as a problem. */
    private static void answerProblems(Operation operation) {
        APIResponses responses = operation.getResponses();
        addAbsent(responses, ANY_REQUEST);
        if (operation.getRequestBody() != null) {
            addAbsent(responses, WITH_BODY);
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (secured) {
            addAbsent(responses, SECURED);
        }
        responses.getAPIResponses().forEach((status, answer) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                answer.setContent(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
            }
        });
    }

    private static void addAbsent(APIResponses responses, Map<String, String> answers) {
        answers.forEach((status, description) -> {
            APIResponse existing = responses.getAPIResponse(status);
            if (existing == null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            } else if (existing.getDescription() == null || GENERIC.contains(existing.getDescription())) {
                existing.setDescription(description);
            }
        });
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", text("The JSON path of the body member, or the parameter or header name",
                        "amount"))
                .addProperty("message", text("What is wrong with it", "must be greater than 0"))
                .required(List.of("field", "message"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem. Extension members say more where a refusal has more to say "
                        + "(e.g. a tranche's currentState, a resource's currentVersion).")
                .addProperty("type", text("Always about:blank: the status says what kind of problem it is",
                        "about:blank").format("uri-reference"))
                .addProperty("title", text("The status's reason phrase", "Unprocessable Content"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599))
                        .example(422))
                .addProperty("detail", text("What was refused and why, in one sentence",
                        "amount: must be greater than 0"))
                .addProperty("instance", text("The path of the request", "/tranches").format("uri-reference"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError)
                        .description("Each field at fault, when the problem is about the request's fields"))
                .required(List.of("type", "title", "status", "detail", "instance"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema text(String description, String example) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description).example(example);
    }
}

package io.dealstream.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dealstream.platform.http.RequestBody;
import io.dealstream.platform.log.LogSafe;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure a request can meet into an RFC 9457 problem naming what is at fault. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(Problem problem, UriInfo uri) {
        return respond(problem, uri);
    }

    /** Bean Validation on a request body or parameter: one error per field; a missing body is {@code $}. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, ResourceInfo resource) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> isBody(v, resource)
                        ? new Problem.FieldError("$", v.getConstraintDescriptor().getAnnotation() instanceof NotNull
                                ? "must be a JSON object" : v.getMessage())
                        : new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return respond(new Problem(400, "Bad Request", detail, errors, Map.of()), uri);
    }

    /** A body that is not JSON at all. */
    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** JSON whose values do not fit their fields: wrong types, dates that do not parse, unknown constants. */
    @ServerExceptionMapper
    public Response mismatched(JsonMappingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** Quarkus' own mapper for exactly this type would otherwise answer, without a problem body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return mismatched(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** Unknown paths, wrong methods, unsupported media types: keep their status, answer as a problem. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        // Quarkus' JSON reader wraps every other Jackson failure of a request body in a plain 400
        if (e.getCause() instanceof JsonParseException parse) {
            return malformed(parse, uri);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return mismatched(mapping, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(new Problem(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), List.of(),
                Map.of()), uri);
    }

    /** A write without a bearer token. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri, ResourceInfo resource) {
        return unauthorized("this needs a bearer token with " + needed(resource), "Bearer realm=\"dealstream\"", uri);
    }

    /** A bearer token that is expired, not signed by the configured key, from another issuer or not a JWT. */
    @ServerExceptionMapper
    public Response refusedToken(AuthenticationFailedException e, UriInfo uri, ResourceInfo resource) {
        String why = tokenFault(e);
        return unauthorized("the bearer token is refused: " + why + "; this needs a valid token with "
                + needed(resource), "Bearer realm=\"dealstream\", error=\"invalid_token\", error_description=\""
                + why + "\"", uri);
    }

    /** A valid token without the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        List<String> roles = roles(resource);
        return respond(Problem.forbidden("this needs " + needed(resource) + ", which the token does not have",
                Map.of("requiredRoles", roles)), uri);
    }

    /** Anything else: a 500, logged with its incident id (path and failure escaped: both may quote the caller). */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(LogSafe.failure(e), "unexpected failure on %s incident=%s", LogSafe.of(uri.getPath()), incident);
        return respond(new Problem(500, "Internal Server Error", "unexpected failure; incident " + incident,
                List.of(), Map.of()), uri);
    }

    private static Response unauthorized(String detail, String challenge, UriInfo uri) {
        Problem problem = new Problem(401, "Unauthorized", detail, List.of(), Map.of());
        return Response.status(401).type(PROBLEM_JSON).header("WWW-Authenticate", challenge)
                .entity(problem.body(uri.getPath())).build();
    }

    private static List<String> roles(ResourceInfo resource) {
        RolesAllowed allowed = resource == null || resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        return allowed == null ? List.of() : List.of(allowed.value());
    }

    private static String needed(ResourceInfo resource) {
        List<String> roles = roles(resource);
        return roles.isEmpty() ? "an authorized role" : roles.size() == 1 ? "role " + roles.getFirst()
                : "role " + String.join(" or ", roles);
    }

    /** Why a token was refused, in the words of RFC 7519's claims, never the library's. */
    private static String tokenFault(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "it has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "it is not from the trusted issuer";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "its signature does not verify with the issuer's key";
                }
            }
        }
        return "it is not a valid signed JWT of the trusted issuer";
    }

    private static Response respond(Problem problem, UriInfo uri) {
        Response.ResponseBuilder answer = Response.status(problem.status()).type(PROBLEM_JSON)
                .entity(problem.body(uri.getPath()));
        problem.headers().forEach(answer::header);
        return answer.build();
    }

    /**
     * Whether a violation is about the request body itself (an empty or {@code null} body), not one of its fields: its
     * parameter carries none of JAX-RS's parameter annotations.
     */
    private static boolean isBody(ConstraintViolation<?> v, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Integer index = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                index = node.as(Path.ParameterNode.class).getParameterIndex();
            } else if (index != null) {
                return false;
            }
        }
        return method != null && index != null && RequestBody.isBody(method, index);
    }

    /** The field a violation is about: the body's property path, or the parameter name. */
    private static String field(ConstraintViolation<?> v) {
        StringBuilder path = new StringBuilder();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY) {
                if (node.getIndex() != null && path.length() > 0) {
                    path.append('[').append(node.getIndex()).append(']');
                }
                path.append(path.length() == 0 ? "" : ".").append(node.getName());
            } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null && path.length() > 0) {
                // an element of a list, e.g. schedule[1] of List<@PositiveOrZero BigDecimal> schedule
                path.append('[').append(node.getIndex()).append(']');
            }
        }
        if (path.length() > 0) {
            return path.toString();
        }
        return parameter != null ? parameter : v.getPropertyPath().toString();
    }
}

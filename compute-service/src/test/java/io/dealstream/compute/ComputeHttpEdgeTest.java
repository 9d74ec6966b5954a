package io.dealstream.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dealstream.testsupport.EdgeProblems;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RawHttp;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** platform's HTTP edge as compute-service has it: its parameters by name, its Location, headers and health. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ComputeHttpEdgeTest {

    static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/")
    URL base;

    static String fault(String codePoint, int position) {
        return EdgeProblems.controlCharacter(Integer.parseInt(codePoint, 16), position);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/commitments/aws-2025-11%00, id, 0000, 12",
        "/commitments/x%0D%0AFORGED/schedule, id, 000D, 2",
        "/capacity/aws-2026-02-expansion%0A, commitmentId, 000A, 22",
        "/funding-view/tranches/amazon-t1%7F, id, 007F, 10"})
    void aControlCharacterInAPathParameterIsA400NamingIt(String target, String field, String codePoint, int position) {
        EdgeProblems.assertBadRequest(RawHttp.get(base, target), target, field, fault(codePoint, position));
    }

    @Test
    void aControlCharacterInTheFundingViewsFiltersIsA400NamingEach() {
        given().queryParam("roundId", "openai-2026\u0000").queryParam("investor", "Amazon\r\nFORGED")
                .get("/funding-view").then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", containsInAnyOrder("roundId", "investor"))
                .body("errors.message", containsInAnyOrder(fault("0000", 12), fault("000D", 7)));
    }

    @Test
    void aNewCommitmentsLocationIgnoresAHostileHost() {
        String body = """
                {"id": "edge-host", "provider": "AWS", "customer": "OpenAI", "totalUsd": 10, "years": 1,
                 "startsOn": "2027-01-01"}""";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(base, "POST", "/commitments", List.of("Host: evil.example",
                "X-Forwarded-Host: evil2.example", "Forwarded: host=evil3.example", "Authorization: Bearer "
                        + TestTokens.admin(), "Content-Type: application/json", "Content-Length: " + bytes.length),
                bytes);
        assertEquals(201, answer.status(), answer.body());
        assertEquals("/commitments/edge-host", answer.header("Location"));
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("no-store", answer.header("Cache-Control"));
        given().get("/commitments/edge-host").then().statusCode(200).body("id", equalTo("edge-host"));
    }

    @Test
    void readsAndProblemsCarryTheSecurityHeaders() {
        for (String target : List.of("/capacity", "/commitments/no-such", "/funding-view?roundId=%00")) {
            EdgeProblems.assertApiHeaders(RawHttp.get(base, target), target);
        }
    }

    @Test
    void healthTellsNoBrokerAddress() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready")) {
            String body = RawHttp.get(base, path).body();
            assertFalse(body.contains(bootstrap), path + ": " + body);
            assertFalse(body.contains("bootstrap.servers"), path + ": " + body);
        }
        given().get("/q/health").then().statusCode(200)
                .body("checks.find { it.name == 'Kafka broker' }.data", equalTo(Map.of("brokers", 1)))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.status",
                        equalTo("UP"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data", nullValue());
    }
}

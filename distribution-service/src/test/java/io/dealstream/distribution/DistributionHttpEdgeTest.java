package io.dealstream.distribution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** platform's HTTP edge as distribution-service has it: its parameters by name, its Location, headers and health. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class DistributionHttpEdgeTest {

    @TestHTTPResource("/")
    URL base;

    static String fault(String codePoint, int position) {
        return EdgeProblems.controlCharacter(Integer.parseInt(codePoint, 16), position);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/rights/frontier-aws%00, id, id, 0000, 13",
        "/rights?holder=Amazon%0D%0AFORGED, /rights, holder, 000D, 7",
        "/rights?status=active%C2%85, /rights, status, 0085, 7",
        "/entitlements?product=FRONTIER&cloud=AWS%1B&mode=STATEFUL, /entitlements, cloud, 001B, 4",
        "/funding-view/tranches/amazon-t1%0A, /funding-view/tranches/amazon-t1%0A, id, 000A, 10"})
    void aControlCharacterInAParameterIsA400NamingIt(String target, String instance, String field, String codePoint,
            int position) {
        String expectedInstance = instance.equals("id") ? target : instance;
        EdgeProblems.assertBadRequest(RawHttp.get(base, target), expectedInstance, field, fault(codePoint, position));
    }

    @Test
    void everyParameterAtFaultIsNamedInOneProblem() {
        given().queryParam("product", "FRONTIER\u0000").queryParam("cloud", "AWS").queryParam("mode", "\tSTATEFUL")
                .get("/entitlements").then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("product", "mode"))
                .body("errors.message", containsInAnyOrder(fault("0000", 9), fault("0009", 1)));
    }

    @Test
    void aNewRightsLocationIgnoresAHostileHost() {
        String body = """
                {"id": "edge-host", "holder": "Edge Test", "product": "CUSTOM_MODELS", "cloud": "AZURE",
                 "mode": "STATEFUL", "exclusive": false, "description": "test right, not in the deal",
                 "condition": {"kind": "none"}}""";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(base, "POST", "/rights", List.of("Host: evil.example",
                "X-Forwarded-Host: evil2.example", "X-Forwarded-Proto: https", "Authorization: Bearer "
                        + TestTokens.admin(), "Content-Type: application/json", "Content-Length: " + bytes.length),
                bytes);
        assertEquals(201, answer.status(), answer.body());
        assertEquals("/rights/edge-host", answer.header("Location"));
        assertEquals("no-store", answer.header("Cache-Control"));
        given().get("/rights/edge-host").then().statusCode(200).body("holder", equalTo("Edge Test"));
    }

    @Test
    void readsAndProblemsCarryTheSecurityHeaders() {
        for (String target : List.of("/rights", "/entitlements?product=FRONTIER&cloud=AWS&mode=STATEFUL",
                "/rights/no-such", "/entitlements")) {
            EdgeProblems.assertApiHeaders(RawHttp.get(base, target), target);
        }
    }

    @Test
    void healthTellsNoBrokerAddress() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/well")) {
            RawHttp.Answer answer = RawHttp.get(base, path);
            assertEquals(200, answer.status(), path + ": " + answer.body());
            assertFalse(answer.body().contains(bootstrap), path + ": " + answer.body());
            assertFalse(answer.body().contains("bootstrap.servers"), path + ": " + answer.body());
        }
    }
}

package io.dealstream.compute.commitment;

import io.dealstream.testsupport.TestTokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.events.EventJson;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The commitments API: the seeded deal, exact schedules, adding commitments, and every kind of bad input. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class CommitmentResourceTest {

    static final String PROBLEM_JSON = "application/problem+json";
    static final ObjectMapper JSON = EventJson.configure(new ObjectMapper());

    @BeforeAll
    static void exactNumbers() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Test
    void theDealsTwoCommitmentsAreSeeded() {
        given().get("/commitments/aws-2025-11").then()
                .statusCode(200)
                .body("provider", equalTo("AWS"))
                .body("customer", equalTo("OpenAI"))
                .body("totalUsd", equalTo(usd("38000000000.00")))
                .body("years", equalTo(7))
                .body("startsOn", equalTo("2025-11-01"))
                .body("endsOn", equalTo("2032-10-31"))
                .body("capacityGw", nullValue())
                .body("generations", equalTo(List.of()))
                .body("scheduleBasis", equalTo("STRAIGHT_LINE"));
        given().get("/commitments/aws-2026-02-expansion").then()
                .statusCode(200)
                .body("totalUsd", equalTo(usd("100000000000.00")))
                .body("years", equalTo(8))
                .body("startsOn", equalTo("2026-02-26"))
                .body("endsOn", equalTo("2034-02-25"))
                .body("capacityGw", equalTo(usd("2.000")))
                .body("generations.generation", equalTo(List.of("Trainium3", "Trainium4")))
                .body("generations.contractedGw", equalTo(List.of(usd("1.000"), usd("1.000"))))
                .body("generations.availableFrom", equalTo(List.of("2026-02-26", "2027-01-01")));
        given().get("/commitments").then()
                .statusCode(200)
                .body("id", hasItem("aws-2025-11"))
                .body("id", hasItem("aws-2026-02-expansion"));
    }

    @Test
    void theSeventhYearOfThirtyEightBillionTakesTheRemainder() {
        List<BigDecimal> amounts = given().get("/commitments/aws-2025-11/schedule").then()
                .statusCode(200)
                .body("basis", equalTo("STRAIGHT_LINE"))
                .body("years.size()", equalTo(7))
                .body("years[0].year", equalTo(1))
                .body("years[0].from", equalTo("2025-11-01"))
                .body("years[0].to", equalTo("2026-10-31"))
                .body("years[0].amountUsd", equalTo(usd("5428571428.57")))
                .body("years[5].amountUsd", equalTo(usd("5428571428.57")))
                .body("years[6].from", equalTo("2031-11-01"))
                .body("years[6].to", equalTo("2032-10-31"))
                .body("years[6].amountUsd", equalTo(usd("5428571428.58")))
                .extract().jsonPath().getList("years.amountUsd", BigDecimal.class);
        assertEquals(usd("38000000000.00"), sum(amounts));

        List<BigDecimal> expansion = given().get("/commitments/aws-2026-02-expansion/schedule").then()
                .statusCode(200)
                .body("years.size()", equalTo(8))
                .extract().jsonPath().getList("years.amountUsd", BigDecimal.class);
        expansion.forEach(a -> assertEquals(usd("12500000000.00"), a));
    }

    @Test
    void aCommitmentWithItsOwnScheduleAndGenerationsIsAdded() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "lab-2027", "provider": "AWS", "customer": "OpenAI", "description": "a pilot",
                         "totalUsd": 300.00, "years": 3, "startsOn": "2027-01-01", "capacityGw": 0.3,
                         "generations": [{"generation": "Trainium4", "contractedGw": 0.2, "availableFrom": "2027-06-01"},
                                         {"generation": "Trainium3", "contractedGw": 0.1}],
                         "schedule": [50, 0, 250.00]}""")
                .post("/commitments").then()
                .statusCode(201)
                .header("Location", endsWith("/commitments/lab-2027"))
                .body("scheduleBasis", equalTo("GIVEN"))
                .body("totalUsd", equalTo(usd("300.00")))
                .body("capacityGw", equalTo(usd("0.300")))
                .body("generations.generation", equalTo(List.of("Trainium4", "Trainium3")))
                .body("generations[1].availableFrom", equalTo("2027-01-01"))
                .body("endsOn", equalTo("2029-12-31"));
        given().get("/commitments/lab-2027/schedule").then()
                .statusCode(200)
                .body("years.amountUsd", equalTo(List.of(usd("50.00"), usd("0.00"), usd("250.00"))))
                .body("years[2].from", equalTo("2029-01-01"))
                .body("years[2].to", equalTo("2029-12-31"));
        // capacity is decided for it at once, releasing the deliverable-first generation first
        given().get("/capacity/lab-2027").then()
                .statusCode(200)
                .body("contractedGw", equalTo(usd("0.300")))
                .body("generations.generation", equalTo(List.of("Trainium3", "Trainium4")));

        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "lab-2027", "provider": "AWS", "customer": "OpenAI", "totalUsd": 1, "years": 1,
                         "startsOn": "2027-01-01"}""")
                .post("/commitments").then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("commitmentId", equalTo("lab-2027"));
        given().get("/commitments/lab-2027").then().body("totalUsd", equalTo(usd("300.00")));
    }

    @Test
    void aCommitmentWithoutScheduleOrCapacityIsStraightLineAndHasNoCapacity() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "plain-3y", "provider": "AWS", "customer": "OpenAI", "totalUsd": 100,
                         "years": 3, "startsOn": "2026-01-01"}""")
                .post("/commitments").then()
                .statusCode(201)
                .body("capacityGw", nullValue())
                .body("scheduleBasis", equalTo("STRAIGHT_LINE"));
        given().get("/commitments/plain-3y/schedule").then()
                .body("years.amountUsd", equalTo(List.of(usd("33.33"), usd("33.33"), usd("33.34"))));
        given().get("/capacity/plain-3y").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    static Stream<Arguments> badCommitments() {
        return Stream.of(
                bad("no id", 400, "id", b -> b.remove("id")),
                bad("id with a space", 400, "id", b -> b.put("id", "has space")),
                bad("blank provider", 400, "provider", b -> b.put("provider", " ")),
                bad("no customer", 400, "customer", b -> b.remove("customer")),
                bad("zero total", 400, "totalUsd", b -> b.put("totalUsd", 0)),
                bad("negative total", 400, "totalUsd", b -> b.put("totalUsd", new BigDecimal("-1.00"))),
                bad("total finer than a cent", 400, "totalUsd", b -> b.put("totalUsd", new BigDecimal("1.001"))),
                bad("total not a number", 400, "totalUsd", b -> b.put("totalUsd", "lots")),
                bad("no years", 400, "years", b -> b.remove("years")),
                bad("zero years", 400, "years", b -> b.put("years", 0)),
                bad("31 years", 400, "years", b -> b.put("years", 31)),
                bad("no start", 400, "startsOn", b -> b.remove("startsOn")),
                bad("start not a date", 400, "startsOn", b -> b.put("startsOn", "2025-13-01")),
                bad("negative capacity", 400, "capacityGw", b -> b.put("capacityGw", new BigDecimal("-0.5"))),
                bad("capacity finer than a MW", 400, "capacityGw", b -> b.put("capacityGw", new BigDecimal("1.0005"))),
                bad("generation without name", 400, "generations[0].generation",
                        b -> generations(b, "1", Map.of("generation", "", "contractedGw", 1))),
                bad("negative generation", 400, "generations[0].contractedGw",
                        b -> generations(b, "1", Map.of("generation", "Trainium3", "contractedGw", -1))),
                bad("generation date not a date", 400, "generations[0].availableFrom",
                        b -> generations(b, "1", Map.of("generation", "Trainium3", "contractedGw", 1,
                                "availableFrom", "soon"))),
                bad("generations without capacity", 422, "capacityGw",
                        b -> generations(b, null, Map.of("generation", "Trainium3", "contractedGw", 1))),
                bad("generations not adding up", 422, "generations",
                        b -> generations(b, "2", Map.of("generation", "Trainium3", "contractedGw", 1.5))),
                bad("a generation twice", 422, "generations",
                        b -> generations(b, "2", Map.of("generation", "Trainium3", "contractedGw", 1),
                                Map.of("generation", "Trainium3", "contractedGw", 1))),
                bad("schedule with too few years", 422, "schedule",
                        b -> b.put("schedule", List.of(100, 200))),
                bad("schedule a cent short", 422, "schedule",
                        b -> b.put("schedule", List.of(100, 200, new BigDecimal("199.99")))),
                bad("negative schedule amount", 400, "schedule[0]",
                        b -> b.put("schedule", List.of(-100, 300, 300))),
                bad("schedule finer than a cent", 400, "schedule[0]",
                        b -> b.put("schedule", List.of(new BigDecimal("100.001"), 200, new BigDecimal("199.999")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommitments")
    void badInputIsRefusedNamingTheFieldAndNothingIsWritten(String name, int status, String field, String body) {
        int before = commitmentCount();
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .post("/commitments").then()
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("instance", equalTo("/commitments"))
                .body("errors.field", hasItem(field));
        given().get("/commitments/rejected").then().statusCode(404);
        assertEquals(before, commitmentCount());
    }

    @Test
    void bodiesThatAreNotACommitmentAreRefused() {
        int before = commitmentCount();
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"id\": \"rejected\", ").post("/commitments").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors[0].field", equalTo("$"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("[]").post("/commitments").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors[0].field", equalTo("$"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").post("/commitments").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors[0].field", notNullValue());
        given().auth().oauth2(TestTokens.admin()).contentType("text/plain").body("hello").post("/commitments").then()
                .statusCode(415).contentType(PROBLEM_JSON);
        assertEquals(before, commitmentCount());
    }

    @Test
    void unknownIdsAreProblems() {
        given().get("/commitments/nope").then()
                .statusCode(404).contentType(PROBLEM_JSON).body("detail", containsString("'nope'"));
        given().get("/commitments/nope/schedule").then()
                .statusCode(404).contentType(PROBLEM_JSON).body("detail", containsString("'nope'"));
        given().get("/capacity/nope").then()
                .statusCode(404).contentType(PROBLEM_JSON).body("detail", containsString("'nope'"));
        given().get("/capacity/aws-2025-11").then()
                .statusCode(404).contentType(PROBLEM_JSON).body("detail", containsString("no capacity stated"));
        given().delete("/capacity").then().statusCode(405).contentType(PROBLEM_JSON);
    }

    @Test
    void openApiAndHealthAreOn() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/commitments/{id}/schedule"))
                .body(containsString("dealstream.capacity.trainium3-share"));
        // readiness without the broker: the tranche-events channel is in liveness and the broker in /q/health only
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data", nullValue());
        // each check's name and status; its data, where an address could be, is not shown (platform's HealthDetails)
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.status",
                        equalTo("UP"));
        given().get("/q/health").then().statusCode(200)
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private static int commitmentCount() {
        return given().get("/commitments").then().statusCode(200).extract().jsonPath().getList("id").size();
    }

    private static Arguments bad(String name, int status, String field, Consumer<Map<String, Object>> spoil) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "rejected");
        body.put("provider", "AWS");
        body.put("customer", "OpenAI");
        body.put("totalUsd", new BigDecimal("500.00"));
        body.put("years", 3);
        body.put("startsOn", "2027-01-01");
        spoil.accept(body);
        try {
            return Arguments.of(name, status, field, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static void generations(Map<String, Object> body, String capacityGw, Map<String, Object>... generations) {
        if (capacityGw != null) {
            body.put("capacityGw", new BigDecimal(capacityGw));
        }
        body.put("generations", List.of(generations));
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }
}

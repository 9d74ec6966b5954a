package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.investment.InvestmentApi;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tranche's ETag is its version; If-Match on funding and triggers writes only over the version it names, checked
 * under the tranche's lock, and a stale, weak or malformed one writes nothing.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TranchePreconditionTest {

    static final String FUNDING = "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}";
    static final String TRIGGER = "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}";

    static ExtractableResponse<Response> write(String path, String json, String ifMatch) {
        return InvestmentApi.given().auth().oauth2(TestTokens.admin()).header("If-Match", ifMatch)
                .contentType(ContentType.JSON).body(json).post(path).then().extract();
    }

    @Test
    void aTranchesETagIsItsVersionOnEveryReadAndWriteAndMovesWithEachChange() {
        String round = newRound();
        ExtractableResponse<Response> committed = InvestmentApi.given().auth().oauth2(TestTokens.admin())
                .contentType(ContentType.JSON).body("""
                        {"roundId": "%s", "investor": "Amazon", "amount": 35000000000, "kind": "CONTINGENT",
                         "expiresOn": "2099-12-31"}""".formatted(round)).post("/tranches").then().extract();
        assertEquals(201, committed.statusCode());
        assertEquals("\"1\"", committed.header("ETag"));
        String id = committed.path("trancheId");
        get("/tranches/" + id).statusCode(200).header("ETag", "\"1\"").body("version", equalTo(1));

        InvestmentApi.post("/tranches/" + id + "/triggers", TRIGGER).statusCode(200).header("ETag", "\"2\"");
        get("/tranches/" + id).header("ETag", "\"2\"").body("version", equalTo(2));
        InvestmentApi.post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"2026-11-20\"}")
                .statusCode(200).header("ETag", "\"3\"");
        get("/tranches/" + id).header("ETag", "\"3\"").body("version", equalTo(3));
    }

    @Test
    void aStaleIfMatchIsA412WithTheCurrentVersionAndWritesNothing() {
        String id = contingentTranche(newRound(), "2099-12-31");
        InvestmentApi.post("/tranches/" + id + "/triggers", TRIGGER).statusCode(200);
        String before = trancheAndEvents(id);

        ExtractableResponse<Response> stale = write("/tranches/" + id + "/funding",
                "{\"amount\": 35000000000, \"fundedOn\": \"2026-11-20\"}", "\"1\"");
        assertEquals(412, stale.statusCode());
        assertEquals(PROBLEM_JSON, stale.contentType());
        assertEquals("\"2\"", stale.header("ETag"));
        JsonPath problem = stale.jsonPath();
        assertEquals(2, problem.getInt("currentVersion"));
        assertEquals("If-Match", problem.getString("errors[0].field"));
        assertEquals("tranche '" + id + "' is at version 2 (ETag \"2\"), which \"1\" does not match; read it again "
                + "and decide anew", problem.getString("errors[0].message"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void theCurrentIfMatchWritesAndAnswersTheNewETag() {
        String id = contingentTranche(newRound(), "2099-12-31");
        ExtractableResponse<Response> obligated = write("/tranches/" + id + "/triggers", TRIGGER, "\"1\"");
        assertEquals(200, obligated.statusCode(), obligated.asString());
        assertEquals("\"2\"", obligated.header("ETag"));
        assertEquals("OBLIGATED", obligated.path("state"));
        ExtractableResponse<Response> funded = write("/tranches/" + id + "/funding",
                "{\"amount\": 35000000000, \"fundedOn\": \"2026-11-20\"}", "\"2\"");
        assertEquals(200, funded.statusCode(), funded.asString());
        assertEquals("\"3\"", funded.header("ETag"));
    }

    @Test
    void aStarMatchesAnyVersionOfATrancheThatExistsAndAMissingOneIsStillA404() {
        String id = immediateTranche(newRound());
        ExtractableResponse<Response> funded = write("/tranches/" + id + "/funding", FUNDING, "*");
        assertEquals(200, funded.statusCode(), funded.asString());
        assertEquals("\"2\"", funded.header("ETag"));
        assertEquals(404, write("/tranches/no-such-" + UUID.randomUUID() + "/funding", FUNDING, "*").statusCode());
        assertEquals(404, write("/tranches/no-such-" + UUID.randomUUID() + "/funding", FUNDING, "\"1\"")
                .statusCode());
    }

    @Test
    void aListMatchesWhenItNamesTheCurrentVersion() {
        String id = contingentTranche(newRound(), "2099-12-31");
        String before = trancheAndEvents(id);
        assertEquals(412, write("/tranches/" + id + "/triggers", TRIGGER, "\"2\", \"3\"").statusCode());
        assertEquals(before, trancheAndEvents(id));
        ExtractableResponse<Response> listed = write("/tranches/" + id + "/triggers", TRIGGER, "\"0\", \"1\"");
        assertEquals(200, listed.statusCode(), listed.asString());
        assertEquals("\"2\"", listed.header("ETag"));
    }

    @Test
    void aWeakTagOfTheCurrentVersionDoesNotMatchForIfMatchComparesStrongly() {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        ExtractableResponse<Response> weak = write("/tranches/" + id + "/funding", FUNDING, "W/\"1\"");
        assertEquals(412, weak.statusCode());
        assertEquals("tranche '" + id + "' is at version 1 (ETag \"1\"), which W/\"1\" does not match (a weak tag "
                + "never matches: If-Match compares strongly); read it again and decide anew",
                weak.path("errors[0].message"));
        assertEquals(before, trancheAndEvents(id));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|an entity tag is quoted, such as \"3\"; found '1' at position 1",
        "\"1|the entity tag opened at position 1 is not closed",
        "\"1\" \"2\"|entity tags are separated by commas; found '\"' at position 5",
        "*, \"1\"|\"*\" stands alone, not in a list"
    })
    void aMalformedIfMatchIsA400NamingItAndWritesNothing(String ifMatch, String why) {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        ExtractableResponse<Response> refused = write("/tranches/" + id + "/funding", FUNDING, ifMatch);
        assertEquals(400, refused.statusCode());
        assertEquals(PROBLEM_JSON, refused.contentType());
        assertEquals(Map.of("field", "If-Match", "message", "is not \"*\" or a list of entity tags such as \"3\": "
                + why), refused.path("errors[0]"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void twoWritesWithTheSameIfMatchAtOnceGiveOneSuccessAndOne412() throws Exception {
        String id = contingentTranche(newRound(), "2099-12-31");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return write("/tranches/" + id + "/triggers", TRIGGER, "\"1\"").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of(200, 412), statuses.stream().sorted().toList());
        get("/tranches/" + id + "/events")
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.obligated.v1"));
    }

    @Test
    void aRoundsETagIsItsOneVersion() {
        String id = newRound();
        get("/rounds/" + id).statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void theOpenApiDocumentShowsTheKeysTheTagsAndTheirAnswers() {
        JsonPath openApi = get("/q/openapi?format=json").statusCode(200).extract().jsonPath();
        Map<String, String> successes = Map.of("/rounds", "201", "/tranches", "201", "/tranches/{id}/funding", "200",
                "/tranches/{id}/triggers", "200");
        successes.forEach((write, success) -> {
            String post = "paths.'" + write + "'.post";
            assertEquals(List.of("header"),
                    openApi.getList(post + ".parameters.findAll { it.name == 'Idempotency-Key' }.in"), write);
            assertTrue(openApi.getMap(post + ".responses.'" + success + "'.headers").containsKey("ETag"), write);
            assertTrue(openApi.getMap(post + ".responses").keySet().containsAll(List.of("400", "422")), write);
        });
        for (String write : List.of("/tranches/{id}/funding", "/tranches/{id}/triggers")) {
            String post = "paths.'" + write + "'.post";
            assertEquals(List.of("header"), openApi.getList(post + ".parameters.findAll { it.name == 'If-Match' }.in"),
                    write);
            assertTrue(openApi.getMap(post + ".responses").containsKey("412"), write);
        }
        for (String read : List.of("/rounds/{id}", "/tranches/{id}")) {
            assertTrue(openApi.getMap("paths.'" + read + "'.get.responses.'200'.headers").containsKey("ETag"), read);
        }
    }
}

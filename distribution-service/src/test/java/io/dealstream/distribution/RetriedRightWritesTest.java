package io.dealstream.distribution;

import static io.dealstream.testsupport.RetriedWrites.assertAnotherBodyRefused;
import static io.dealstream.testsupport.RetriedWrites.assertOneAnswer;
import static io.dealstream.testsupport.RetriedWrites.assertSameAnswer;
import static io.dealstream.testsupport.RetriedWrites.atOnce;
import static io.dealstream.testsupport.RetriedWrites.count;
import static io.dealstream.testsupport.RetriedWrites.newId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.OwnPartnerRoundOnAClock;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * POST /rights sent again with one Idempotency-Key, and a right's ETag. A right whose condition is NONE is created
 * ACTIVE and announced with one RightActivated event. The partner is a round of this class's own, so its funding
 * moves only this class's rights; the clock is moved by hand past the keys' 24 h.
 */
@QuarkusTest
@TestProfile(RetriedRightWritesTest.RetriedRightsRound.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class RetriedRightWritesTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    /** Fixed, not random: the profile and the test methods see this class from different class loaders. */
    static final String ROUND = "retried-rights-round";
    static final String KEY = "Idempotency-Key";

    public static class RetriedRightsRound extends OwnPartnerRoundOnAClock {
        public RetriedRightsRound() {
            super(ROUND);
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    MutableClock clock;

    @Inject
    DataSource database;

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    /** A right of Google's to offer the Stateful Runtime on its cloud, beside Bedrock's (which is not exclusive). */
    static String right(String id, String condition) {
        return """
                {"id": "%s", "holder": "Google", "product": "STATEFUL_RUNTIME", "cloud": "GOOGLE_CLOUD",
                 "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "%s"}}""".formatted(id, condition);
    }

    static ExtractableResponse<Response> send(String token, String key, String json) {
        return given().auth().oauth2(token).header(KEY, key).contentType(ContentType.JSON).body(json)
                .post("/rights").then().extract();
    }

    static ExtractableResponse<Response> send(String key, String json) {
        return send(TestTokens.admin(), key, json);
    }

    @Test
    void aRepeatedCreateAnswersTheFirst201AndLeavesOneRightAndOneActivation() {
        String id = newId();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = send(key, right(id, "NONE"));
        ExtractableResponse<Response> again = send(key, right(id, "NONE"));

        assertEquals(201, first.statusCode(), first.asString());
        assertEquals("/rights/" + id, first.header("Location"));
        assertEquals("\"1\"", first.header("ETag"));
        assertEquals("ACTIVE", first.path("status"));
        assertSameAnswer(first, again);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, count(database, "select count(*) from distribution_right where id = ?", id));
        assertEquals(1, count(database, "select count(*) from outbox_event where subject = ?", id));
    }

    @Test
    void theKeyWithAnotherBodyIsA422AndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        send(key, right(newId(), "NONE"));
        String other = newId();
        ExtractableResponse<Response> refused = send(key, right(other, "NONE"));
        assertAnotherBodyRefused(refused, key, "POST /rights");
        given().get("/rights/" + other).then().statusCode(404);
    }

    @Test
    void concurrentCreatesWithOneKeyCreateOnceAndAllGetTheSameAnswer() throws Exception {
        String id = newId();
        String key = UUID.randomUUID().toString();
        assertOneAnswer(atOnce(6, () -> send(key, right(id, "NONE"))), 201);
        assertEquals(1, count(database, "select count(*) from distribution_right where id = ?", id));
        assertEquals(1, count(database, "select count(*) from outbox_event where subject = ?", id));
    }

    @Test
    void anotherCallersKeyIsItsOwn() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, send(TestTokens.admin(), key, right(newId(), "NONE")).statusCode());
        String theirs = newId();
        ExtractableResponse<Response> someone = send(TestTokens.withRoles("deal-admin"), key, right(theirs, "NONE"));
        assertEquals(201, someone.statusCode(), someone.asString());
        assertNull(someone.header("Idempotent-Replayed"));
        assertEquals(1, count(database, "select count(*) from distribution_right where id = ?", theirs));
    }

    @Test
    void aKeyOlderThanADayCountsAsNewSoItsRequestIsJudgedAgain() {
        String id = newId();
        String key = UUID.randomUUID().toString();
        assertEquals(201, send(key, right(id, "NONE")).statusCode());
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertEquals(409, send(key, right(id, "NONE")).statusCode(), "judged again: the id is taken");
        assertEquals(1, count(database, "select count(*) from outbox_event where subject = ?", id));
    }

    @Test
    void aMalformedKeyIsA400AndCreatesNothing() {
        String id = newId();
        ExtractableResponse<Response> refused = send("bad key", right(id, "NONE"));
        assertEquals(400, refused.statusCode());
        assertEquals(Map.of("field", "Idempotency-Key", "message", "contains the character U+0020 at position 4; a "
                + "key is ASCII letters, digits and - _ . : ~ only"), refused.path("errors[0]"));
        given().get("/rights/" + id).then().statusCode(404);
    }

    @Test
    void aRightsETagIsItsVersionAndMovesWhenTheFundingMovesItsStatus() {
        String id = newId();
        ExtractableResponse<Response> created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(right(id, "FIRST_TRANCHE_FUNDED")).post("/rights").then().extract();
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("PENDING", created.path("status"));
        assertEquals("\"1\"", created.header("ETag"));
        given().get("/rights/" + id).then().statusCode(200).header("ETag", "\"1\"");

        OwnPartnerRoundOnAClock.fundFirstTranche(kafka, ROUND, WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/rights/" + id).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("version", equalTo(2)).header("ETag", "\"2\""));
    }

    @Test
    void theOpenApiDocumentShowsTheKeyAndTheTags() {
        JsonPath openApi = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("header"),
                openApi.getList("paths.'/rights'.post.parameters.findAll { it.name == 'Idempotency-Key' }.in"));
        assertTrue(openApi.getMap("paths.'/rights'.post.responses.'201'.headers").containsKey("ETag"));
        assertTrue(openApi.getMap("paths.'/rights'.post.responses").keySet().containsAll(List.of("400", "422")));
        assertTrue(openApi.getMap("paths.'/rights/{id}'.get.responses.'200'.headers").containsKey("ETag"));
        assertTrue(openApi.getMap("paths.'/funding-view/tranches/{id}'.get.responses.'200'.headers")
                .containsKey("ETag"));
    }
}

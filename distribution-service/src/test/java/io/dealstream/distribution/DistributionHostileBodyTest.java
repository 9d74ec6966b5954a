package io.dealstream.distribution;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Limits;
import io.dealstream.testsupport.HostileBodies;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A catalogue of hostile bodies against {@code POST /rights}: each answers 400 problem+json naming the JSON path of
 * the value at fault and the rule in the API's words, with no Java type or library name in its detail, and creates no
 * right (so announces none). Constants are read in any case here, yet never trimmed.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class DistributionHostileBodyTest {

    @Test
    void everyHostileRightIsRefusedNamingItsFieldAndNoRightIsCreated() {
        String valid = """
                {"id": "hostile-right", "holder": "Hostile", "product": "STATEFUL_RUNTIME", "cloud": "GOOGLE_CLOUD",
                 "mode": "STATEFUL", "exclusive": false, "description": "Hostile",
                 "condition": {"kind": "FIRST_TRANCHE_FUNDED", "text": "Hostile"}}""";
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .text("id", Limits.ID)
                .text("holder", Limits.HOLDER)
                .choice("product", List.of("FRONTIER", "STATEFUL_RUNTIME", "STATELESS_API", "CUSTOM_MODELS"))
                .choice("cloud", List.of("AWS", "AZURE", "GOOGLE_CLOUD", "ORACLE_CLOUD"))
                .choice("mode", List.of("STATEFUL", "STATELESS"))
                .flag("exclusive")
                .text("description", Limits.RIGHT_DESCRIPTION)
                .object("condition", List.of("kind", "text"))
                .choice("condition.kind", List.of("NONE", "FIRST_TRANCHE_FUNDED", "ALL_COMMITTED_FUNDED"))
                .text("condition.text", Limits.CONDITION_TEXT)
                .cases(List.of("cloud", "condition", "description", "exclusive", "holder", "id", "mode", "product"));
        assertTrue(cases.size() >= 100, cases.size() + " cases");
        int rights = rights();

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/rights", c);
            given().get("/rights/hostile-right").then().statusCode(404);
        });
        assertEquals(rights, rights());
    }

    private static int rights() {
        return given().get("/rights").then().statusCode(200).extract().jsonPath().getList("id").size();
    }
}

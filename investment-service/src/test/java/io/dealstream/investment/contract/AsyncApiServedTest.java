package io.dealstream.investment.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event catalogue (events' META-INF/resources/asyncapi.yaml) is served as it is, to anyone, like every read. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class AsyncApiServedTest {

    @Test
    void anAnonymousReaderGetsTheAsyncApiDocumentOfTheEventsJar() throws IOException {
        String served = given()
                .when().get("/asyncapi.yaml")
                .then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Cache-Control", equalTo("no-store"))
                .extract().asString();

        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/resources/asyncapi.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(shipped, served);
        assertTrue(served.contains("\nasyncapi: 3.0.0\n"), "an AsyncAPI 3.0.0 document");
    }
}

package io.dealstream.compute;

import io.dealstream.testsupport.ApiDocumentChecks;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** The served OpenAPI document against the service and its module's tests ({@link ApiDocumentChecks}). */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ComputeApiDocumentTest extends ApiDocumentChecks {

    @Override
    protected List<String> routes() {
        return List.of(
                "GET /capacity",
                "GET /capacity/{commitmentId}",
                "GET /commitments",
                "GET /commitments/{id}",
                "GET /commitments/{id}/schedule",
                "GET /funding-view",
                "GET /funding-view/events",
                "GET /funding-view/tranches/{id}",
                "POST /commitments",
                "POST /funding-view/rebuild",
                "POST /funding-view/redrive");
    }
}

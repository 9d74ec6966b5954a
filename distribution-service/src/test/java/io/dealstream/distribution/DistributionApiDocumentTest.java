package io.dealstream.distribution;

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
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class DistributionApiDocumentTest extends ApiDocumentChecks {

    @Override
    protected List<String> routes() {
        return List.of(
                "GET /entitlements",
                "GET /funding-view",
                "GET /funding-view/events",
                "GET /funding-view/tranches/{id}",
                "GET /rights",
                "GET /rights/{id}",
                "POST /funding-view/rebuild",
                "POST /funding-view/redrive",
                "POST /rights");
    }
}

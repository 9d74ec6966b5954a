package io.dealstream.investment;

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
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class InvestmentApiDocumentTest extends ApiDocumentChecks {

    @Override
    protected List<String> routes() {
        return List.of("GET /rounds", "GET /rounds/{id}", "GET /rounds/{id}/cap-table", "GET /tranches",
                "GET /tranches/{id}", "GET /tranches/{id}/events", "POST /rounds", "POST /tranches",
                "POST /tranches/{id}/funding", "POST /tranches/{id}/triggers");
    }
}

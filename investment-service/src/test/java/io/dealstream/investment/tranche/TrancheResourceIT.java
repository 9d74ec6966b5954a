package io.dealstream.investment.tranche;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TrancheResourceTest} against the packaged app (mvn verify). */
@QuarkusIntegrationTest
class TrancheResourceIT extends TrancheResourceTest {
}

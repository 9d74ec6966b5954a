package io.dealstream.investment.round;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RoundResourceTest} against the packaged app (mvn verify). */
@QuarkusIntegrationTest
class RoundResourceIT extends RoundResourceTest {
}

package io.dealstream.distribution;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RightsApiTest} against the packaged application. */
@QuarkusIntegrationTest
class RightsApiIT extends RightsApiTest {
}

package io.dealstream.compute.capacity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same story against the packaged application. */
@QuarkusIntegrationTest
class CapacityFlowIT extends CapacityFlowTest {
}

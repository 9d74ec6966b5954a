package io.dealstream.compute.commitment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same API checks against the packaged application. */
@QuarkusIntegrationTest
class CommitmentResourceIT extends CommitmentResourceTest {
}

package io.dealstream.compute;

import io.dealstream.testsupport.TestKeyResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this service, in process or against the packaged jar, verifies tokens with the tests' key. */
@QuarkusTestResource(value = TestKeyResource.class, restrictToAnnotatedClass = false)
class ComputeTestKeys {
}

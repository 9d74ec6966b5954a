package io.dealstream.investment.contract;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AsyncApiServedTest} against the packaged app, where the document comes from the events jar in lib/. */
@QuarkusIntegrationTest
class AsyncApiServedIT extends AsyncApiServedTest {
}

package io.dealstream.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Traces a Quarkus test's service at 100% and exports its spans to an {@link OtlpReceiver}, which it puts into the
 * test's {@code OtlpReceiver} fields. A test class with it runs in an application of its own.
 */
public class OtlpResource implements QuarkusTestResourceLifecycleManager {

    private OtlpReceiver receiver;

    private static final String ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start();
        // the exporter takes its endpoint during static init, before a test resource's properties apply
        System.setProperty(ENDPOINT, receiver.endpoint());
        return Map.of(
                "quarkus.otel.traces.sampler.arg", "1",
                ENDPOINT, receiver.endpoint(),
                // spans reach the receiver within a fraction of a second, not the default 5 s
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(OtlpReceiver.class));
    }

    @Override
    public void stop() {
        System.clearProperty(ENDPOINT);
        if (receiver != null) {
            receiver.close();
        }
    }
}

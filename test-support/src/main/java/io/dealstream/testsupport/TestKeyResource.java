package io.dealstream.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Has a service under test (a {@code @QuarkusTest} or the packaged jar of a {@code @QuarkusIntegrationTest}) verify
 * bearer tokens with the key {@link TestTokens} signs with. Each service module declares it once, for all its tests.
 */
public class TestKeyResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("dealstream-test-jwt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mp.jwt.verify.publickey.location", TestTokens.publicKeyFile(dir).toString());
    }

    @Override
    public void stop() {
        Folders.deleteRecursively(dir);
    }
}

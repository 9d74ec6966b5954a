package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.LocalIssuer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokensTest {

    @Test
    void tokensGivenInTheEnvironmentAreUsedAsTheyAreAndTheKeyIsNotNeeded(@TempDir Path noKeys) {
        DemoTokens tokens = DemoTokens.from(Map.of("DEAL_ADMIN_TOKEN", " admin.jwt ", "AMAZON_TOKEN", "amazon.jwt",
                "SOFT_BANK_TOKEN", "x"), noKeys);
        assertEquals("admin.jwt", tokens.admin());
        assertEquals("amazon.jwt", tokens.investor("Amazon"));
        assertEquals("x", tokens.investor("Soft Bank"));
        assertNull(tokens.investor("SoftBank"));
        assertEquals("given in DEAL_ADMIN_TOKEN and <INVESTOR>_TOKEN", tokens.source());
    }

    @Test
    void withoutGivenTokensTheyAreSignedWithTheKeyPair(@TempDir Path keys) {
        LocalIssuer.ensureKeys(keys);
        DemoTokens tokens = DemoTokens.from(Map.of("AMAZON_TOKEN", "ignored without DEAL_ADMIN_TOKEN"), keys);
        String claims = new String(Base64.getUrlDecoder().decode(tokens.investor("Amazon").split("\\.")[1]));
        assertTrue(claims.contains("\"groups\":[\"investor\"],\"investor\":\"Amazon\""), claims);
        assertTrue(tokens.source().startsWith("signed with " + keys.resolve("privateKey.pem")), tokens.source());
    }

    @Test
    void withNeitherThereAreNoTokens(@TempDir Path noKeys) {
        assertNull(DemoTokens.from(Map.of("DEAL_ADMIN_TOKEN", " "), noKeys));
    }
}

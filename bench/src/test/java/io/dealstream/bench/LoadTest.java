package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.testsupport.LocalIssuer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTest {

    @TempDir
    Path keys;

    @Test
    void theLoadWritesWithLoadTokenWhenGivenElseWithADealAdminTokenOfTheLocalKeyPairForTwelveHours() throws Exception {
        assertEquals("aaa.bbb.ccc", Load.token(Map.of("LOAD_TOKEN", " aaa.bbb.ccc ")::get, keys));

        LocalIssuer.ensureKeys(keys);
        String token = Load.token(Map.<String, String>of()::get, keys);
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("bench", claims.path("sub").asText());
        assertEquals("[\"deal-admin\"]", claims.path("groups").toString());
        assertEquals(12 * 3600, claims.path("exp").asLong() - claims.path("iat").asLong());
    }

    @Test
    void withoutLoadTokenOrAPrivateKeyTheLoadDoesNotStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Load.token(Map.<String, String>of()::get, keys.resolve("none")));
        assertEquals("no key to sign the load's token with: " + keys.resolve("none").resolve("privateKey.pem")
                + " is missing (make up makes it; set JWT_DIR to the key pair's folder, or LOAD_TOKEN to a token)",
                e.getMessage());
    }
}

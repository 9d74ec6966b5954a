package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.launch.ClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar local-stack.jar token ...} (what {@code make token} runs) as a process of its own, with its stack
 * home in a fresh folder: the token it prints, checked with the JDK alone against the public key it left in
 * {@code <home>/jwt}, and the arguments it refuses.
 */
class TokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    record Run(int exit, String stdout, String stderr) {
    }

    @Test
    void aDealAdminTokenIsTheOneLineOnStdoutSignedWithTheKeyPairItMadeInTheStackHome() throws Exception {
        Path keys = home.resolve("jwt");
        long before = Instant.now().getEpochSecond();
        Run run = token("ROLE=deal-admin", "INVESTOR=", "TTL=30");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("made a key pair in " + keys + " (services started before it verify with another key: make down,"
                + " make up)\n", run.stderr());
        assertEquals(1, run.stdout().lines().count(), run.stdout());
        String token = run.stdout().strip();

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, token);
        assertEquals(JSON.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"), part(parts[0]));
        JsonNode claims = part(parts[1]);
        assertEquals("https://dealstream.local/issuer", claims.path("iss").asText());
        assertEquals("deal-admin", claims.path("sub").asText());
        assertEquals(JSON.readTree("[\"deal-admin\"]"), claims.path("groups"));
        assertFalse(claims.has("investor"), claims.toString());
        assertEquals(30 * 60, claims.path("exp").asLong() - claims.path("iat").asLong());
        long iat = claims.path("iat").asLong();
        assertTrue(iat >= before && iat <= Instant.now().getEpochSecond(), "issued now: " + iat);
        assertTrue(verifies(token, keys.resolve("publicKey.pem")), "RS256 signature of " + token);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("privateKey.pem"))));
    }

    @Test
    void anInvestorTokenNamesItsInvestorLastsAnHourByDefaultAndUsesTheKeyPairThatIsThere() throws Exception {
        Path keys = home.resolve("jwt");
        token("ROLE=deal-admin");
        String publicKey = Files.readString(keys.resolve("publicKey.pem"));

        Run run = token("ROLE=investor", "INVESTOR=Amazon", "TTL=");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("", run.stderr());
        assertEquals(publicKey, Files.readString(keys.resolve("publicKey.pem")), "the key pair is kept");
        String token = run.stdout().strip();
        JsonNode claims = part(token.split("\\.")[1]);
        assertEquals("amazon", claims.path("sub").asText());
        assertEquals(JSON.readTree("[\"investor\"]"), claims.path("groups"));
        assertEquals("Amazon", claims.path("investor").asText());
        assertEquals(60 * 60, claims.path("exp").asLong() - claims.path("iat").asLong());
        assertTrue(verifies(token, keys.resolve("publicKey.pem")), "RS256 signature of " + token);

        // another signature does not verify: the check above can fail
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + "." + parts[2];
        assertFalse(verifies(forged, keys.resolve("publicKey.pem")));
    }

    @Test
    void anUnknownRoleAnInvestorTokenWithoutItsInvestorAndABadTtlAreRefusedWithExitCode2() throws Exception {
        String usage = "usage: make token ROLE=deal-admin|investor [INVESTOR=<name>, needed with ROLE=investor]"
                + " [TTL=<minutes>, default 60, at most 10080]\n";
        assertEquals(new Run(2, "", "make token: ROLE=admin is not a role: deal-admin or investor\n" + usage),
                token("ROLE=admin", "INVESTOR=", "TTL="));
        assertEquals(new Run(2, "", "make token: ROLE=investor needs INVESTOR, the investor whose tranches the token may"
                + " fund (e.g. INVESTOR=Amazon)\n" + usage), token("ROLE=investor", "INVESTOR=", "TTL="));
        assertEquals(new Run(2, "", "make token: ROLE is missing: deal-admin or investor\n" + usage),
                token("ROLE=", "INVESTOR=Amazon", "TTL="));
        assertEquals(new Run(2, "", "make token: INVESTOR=Amazon goes with ROLE=investor; a deal-admin acts for every"
                + " investor\n" + usage), token("ROLE=deal-admin", "INVESTOR=Amazon"));
        assertEquals(new Run(2, "", "make token: TTL=0 is not a whole number of minutes from 1 to 10080\n" + usage),
                token("ROLE=deal-admin", "TTL=0"));
        assertEquals(new Run(2, "", "make token: TTL=an hour is not a whole number of minutes from 1 to 10080\n" + usage),
                token("ROLE=deal-admin", "TTL=an hour"));
        assertEquals(new Run(2, "", "make token: 'deal-admin' is not one of ROLE=..., INVESTOR=..., TTL=...\n" + usage),
                token("deal-admin"));
        assertFalse(Files.exists(home.resolve("jwt")), "a refused command makes no key pair");
    }

    /** Runs the command in a JVM of its own, its stack home the test's folder. */
    private Run token(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(ClassPath.childArgs());
        command.add("-Ddealstream.root=" + home);
        command.add(Main.class.getName());
        command.add("token");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JWT_DIR");
        builder.environment().put("STACK_HOME", home.toString());
        Path stdout = Files.createTempFile(home, "stdout", ".txt");
        Path stderr = Files.createTempFile(home, "stderr", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
        Run run = new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        Files.delete(stdout);
        Files.delete(stderr);
        return run;
    }

    private static JsonNode part(String base64url) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(base64url));
    }

    private static boolean verifies(String token, Path publicKeyPem) throws IOException, GeneralSecurityException {
        String[] parts = token.split("\\.");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                .decode(Files.readString(publicKeyPem).replaceAll("-----[A-Z ]+-----", ""))));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}

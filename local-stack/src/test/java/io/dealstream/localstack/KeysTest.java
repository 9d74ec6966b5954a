package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.LocalIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local-stack.jar keys} run as the scripts run it: a process, its environment, its stdout. */
class KeysTest {

    @TempDir
    Path tmp;

    @Test
    void keysMakesThePairInJwtDirPrintsOnlyThePublicKeysPathAndKeepsThePairOnTheNextRun() throws Exception {
        Path dir = tmp.resolve("jwt");
        Run first = keys(Map.of("JWT_DIR", dir.toString()));
        assertEquals(0, first.exit(), first.err());
        assertEquals(dir.resolve("publicKey.pem") + "\n", first.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("privateKey.pem"))),
                "the private key is its owner's only");
        RSAPublicKey key = publicKey(dir.resolve("publicKey.pem"));
        assertEquals(2048, key.getModulus().bitLength());
        assertTrue(verifies(LocalIssuer.in(dir).admin(), key), "a token signed with the private key verifies with the "
                + "public key printed");

        byte[] publicBefore = Files.readAllBytes(dir.resolve("publicKey.pem"));
        byte[] privateBefore = Files.readAllBytes(dir.resolve("privateKey.pem"));
        Run second = keys(Map.of("JWT_DIR", dir.toString()));
        assertEquals(0, second.exit(), second.err());
        assertEquals(first.out(), second.out());
        assertArrayEquals(publicBefore, Files.readAllBytes(dir.resolve("publicKey.pem")), "the public key is kept");
        assertArrayEquals(privateBefore, Files.readAllBytes(dir.resolve("privateKey.pem")), "the private key is kept");
    }

    @Test
    void keysWithoutJwtDirUsesTheJwtFolderOfTheStackHome() throws Exception {
        Path home = tmp.resolve("home");
        Run run = keys(Map.of("STACK_HOME", home.toString()));
        assertEquals(0, run.exit(), run.err());
        assertEquals(home.resolve("jwt/publicKey.pem") + "\n", run.out());
        assertTrue(Files.isRegularFile(home.resolve("jwt/privateKey.pem")));
    }

    record Run(int exit, String out, String err) {
    }

    private Run keys(Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Ddealstream.root=" + tmp, Main.class.getName(), "keys"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile());
        pb.environment().remove("JWT_DIR");
        pb.environment().remove("STACK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keys ended");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    private static RSAPublicKey publicKey(Path pem) throws Exception {
        String text = Files.readString(pem);
        assertTrue(text.startsWith("-----BEGIN PUBLIC KEY-----\n"), text);
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    private static boolean verifies(String token, RSAPublicKey key) throws Exception {
        int dot = token.lastIndexOf('.');
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
    }
}

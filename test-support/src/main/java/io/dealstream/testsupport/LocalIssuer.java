package io.dealstream.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local token issuer: an RSA key pair in a folder ({@code privateKey.pem}, PKCS#8, readable by its owner only;
 * {@code publicKey.pem}, X.509, what the services verify with through {@code mp.jwt.verify.publickey.location}) and
 * the RS256 bearer tokens it signs. A real identity provider replaces it by setting the services' issuer and key.
 */
public final class LocalIssuer {

    /** The services' default {@code mp.jwt.verify.issuer}. */
    public static final String ISSUER = "https://dealstream.local/issuer";
    public static final String PRIVATE_KEY = "privateKey.pem";
    public static final String PUBLIC_KEY = "publicKey.pem";
    /** The claim that names the investor an {@code investor} token may fund for. */
    public static final String INVESTOR_CLAIM = "investor";
    public static final String DEAL_ADMIN = "deal-admin";
    public static final String INVESTOR = "investor";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String issuer;

    private LocalIssuer(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** The issuer of the key pair in {@code dir}, made first if the folder holds none. */
    public static LocalIssuer in(Path dir) {
        ensureKeys(dir);
        return new LocalIssuer(readPrivateKey(dir.resolve(PRIVATE_KEY)), ISSUER);
    }

    /** Makes the key pair in {@code dir} unless it is there; returns the public key's file. */
    public static Path ensureKeys(Path dir) {
        Path privateKey = dir.resolve(PRIVATE_KEY);
        Path publicKey = dir.resolve(PUBLIC_KEY);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return publicKey;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            writeOwnerOnly(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return publicKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer of a PKCS#8 private key given as PEM text (the tests' fixed key). */
    public static LocalIssuer ofPem(String privateKeyPem) {
        return new LocalIssuer(privateKey(privateKeyPem, "the key"), ISSUER);
    }

    /** The same key under another issuer name (a token the services must refuse unless they trust that issuer). */
    public LocalIssuer as(String otherIssuer) {
        return new LocalIssuer(key, otherIssuer);
    }

    /** A token of {@code subject} with these roles (the {@code groups} claim), valid for {@code ttl} from now. */
    public String token(String subject, List<String> roles, String investor, Duration ttl) {
        return token(subject, roles, investor, Instant.now(), ttl);
    }

    /** A token issued at {@code issuedAt}: with a {@code ttl} that ends before now, an expired one. */
    public String token(String subject, List<String> roles, String investor, Instant issuedAt, Duration ttl) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles);
        if (investor != null) {
            claims.put(INVESTOR_CLAIM, investor);
        }
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** A deal-admin's token for an hour. */
    public String admin() {
        return token("deal-admin", List.of(DEAL_ADMIN), null, Duration.ofHours(1));
    }

    /** A token of the investor role for {@code investor} (e.g. Amazon), for an hour. */
    public String investor(String investor) {
        return token(investor.toLowerCase(java.util.Locale.ROOT), List.of(INVESTOR), investor, Duration.ofHours(1));
    }

    private String sign(Map<String, Object> claims) {
        try {
            String header = URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String payload = URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(rs256.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            return privateKey(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String pem, String what) {
        try {
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not a PKCS#8 RSA private key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }
}

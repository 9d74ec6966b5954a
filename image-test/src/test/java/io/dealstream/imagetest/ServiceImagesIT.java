package io.dealstream.imagetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.launch.Api;
import io.dealstream.launch.Service;
import io.dealstream.launch.ServiceNode;
import io.dealstream.testsupport.LocalIssuer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.lifecycle.Startables;

/**
 * Each service's image (dealstream/&lt;service&gt;:&lt;version&gt;, as docker/build-images.sh builds it) started with
 * Testcontainers, read-only but for /tmp as in Kubernetes, with the public key of a key pair of its own mounted
 * read-only where the pod spec mounts Secret dealstream-jwt, against a real Kafka and PostgreSQL: its health, one call
 * of its API on the seeded deal, and then a tranche funded through one container, with a token of that pair, showing
 * in the other two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceImagesIT {

    private static final Logger LOG = Logger.getLogger(ServiceImagesIT.class);
    private static final String VERSION = System.getProperty("dealstream.image.version", "1.0.0-SNAPSHOT");
    /** The Kafka health check and the funding views' consumers may take a moment after the HTTP port opens. */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Where the Deployments mount Secret dealstream-jwt's public key, and the variable that names it (k8s/base). */
    static final String KEY_MOUNT = "/etc/dealstream/jwt/publicKey.pem";
    static final String KEY_LOCATION = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
    /** The key pair of this run: its public key goes into the containers, its private key signs the test's tokens. */
    private static final Path KEYS = Path.of("target/image-test-jwt").toAbsolutePath();

    private final Map<Service, GenericContainer<?>> containers = new EnumMap<>(Service.class);
    private final Map<Service, Api> apis = new EnumMap<>(Service.class);
    private DockerSite site;

    @BeforeAll
    void startImages() {
        assertTrue(DockerClientFactory.instance().isDockerAvailable(),
                "-Dimage-test needs a Docker engine, and none is reachable (DOCKER_HOST, or docker/prove.sh)");
        for (Service s : Service.values()) {
            String image = image(s);
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (RuntimeException e) {
                fail(image + " is not on the engine: build it first (docker/build-images.sh)", e);
            }
        }
        Path publicKey = LocalIssuer.ensureKeys(KEYS);
        site = DockerSite.choose();
        site.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<GenericContainer<?>> all = new ArrayList<>();
        for (Service s : Service.values()) {
            DockerSite.Database db = site.createDatabase("img_" + run + "_" + s.shortName());
            GenericContainer<?> c = site.serviceContainer(s, image(s), db)
                    // only /tmp is writable, as in the Kubernetes manifests
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                    .withTmpFs(Map.of("/tmp", "rw"))
                    // as the pod spec has it: the Secret's file, read-only, where the variable points
                    .withFileSystemBind(publicKey.toString(), KEY_MOUNT, BindMode.READ_ONLY)
                    .withEnv(KEY_LOCATION, KEY_MOUNT)
                    .withLogConsumer(new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger(s.module()))
                            .withSeparateOutputStreams());
            containers.put(s, c);
            all.add(c);
        }
        long t0 = System.nanoTime();
        Startables.deepStart(all).join();
        LOG.infof("the three images started in %d ms", (System.nanoTime() - t0) / 1_000_000);
        containers.forEach((s, c) -> apis.put(s, new Api(site.baseUrl(c, s))));
    }

    @AfterAll
    void stopImages() {
        containers.values().forEach(GenericContainer::stop);
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void investmentServiceImage() throws Exception {
        checkHealthAndUser(Service.INVESTMENT);
        JsonNode capTable = apis.get(Service.INVESTMENT).get("/rounds/openai-2026/cap-table");
        assertMoney("110000000000", capTable.path("roundAmount"), "the round");
        assertMoney("840000000000", capTable.path("postMoneyValuation"), "post-money valuation");
        JsonNode amazon = byField(capTable.path("investors"), "investor", "Amazon");
        assertMoney("50000000000", amazon.path("committed"), "Amazon's commitment");
        assertMoney("0", amazon.path("funded"), "Amazon's funding before any tranche is paid");
    }

    @Test
    @Order(2)
    void computeServiceImage() throws Exception {
        checkHealthAndUser(Service.COMPUTE);
        JsonNode capacity = apis.get(Service.COMPUTE).get("/capacity");
        JsonNode expansion = byField(capacity.path("commitments"), "commitmentId", "aws-2026-02-expansion");
        assertEquals(0, new BigDecimal("2.000").compareTo(expansion.path("contractedGw").decimalValue()),
                "contracted GW: " + expansion);
        assertEquals(0, BigDecimal.ZERO.compareTo(releasedGw(capacity)), "nothing released before funding: " + capacity);
    }

    @Test
    @Order(3)
    void distributionServiceImage() throws Exception {
        checkHealthAndUser(Service.DISTRIBUTION);
        JsonNode azure = apis.get(Service.DISTRIBUTION).get(Api.query("/entitlements",
                Map.of("product", "STATELESS_API", "cloud", "AZURE", "mode", "STATELESS")));
        assertTrue(azure.path("allowed").asBoolean(), "stateless APIs on Azure: " + azure);
        assertEquals("stateless-api-azure", azure.path("rightId").asText(), "the right behind it: " + azure);
    }

    /**
     * The images together: a tranche funded through investment-service, with Amazon's investor token of the mounted
     * key's pair, reaches the other two over Kafka; before it, the same write without a token, or with a token of
     * another pair, is refused 401 and writes nothing.
     */
    @Test
    @Order(4)
    void fundingTravelsBetweenTheImages() {
        Api investment = apis.get(Service.INVESTMENT);
        JsonNode t1 = investment.get("/tranches/amazon-t1");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate dueOn = LocalDate.parse(t1.path("dueOn").asText(today.toString()));
        Map<String, Object> funding = Map.of("amount", t1.path("amount").decimalValue(), "fundedOn",
                (today.isBefore(dueOn) ? today : dueOn).toString());
        Api.Reply anonymous = investment.post("/tranches/amazon-t1/funding", funding);
        assertEquals(401, anonymous.status(), anonymous.raw());
        assertEquals("this needs a bearer token with role deal-admin or investor", anonymous.body().path("detail").asText());
        Api.Reply otherKey = investment.post("/tranches/amazon-t1/funding", funding,
                bearer(LocalIssuer.in(KEYS.resolveSibling("image-test-other-jwt")).investor("Amazon")));
        assertEquals(401, otherKey.status(), otherKey.raw());
        assertEquals("the bearer token is refused: its signature does not verify with the issuer's key; this needs a "
                + "valid token with role deal-admin or investor", otherKey.body().path("detail").asText());
        assertEquals(t1, investment.get("/tranches/amazon-t1"), "amazon-t1 as it was");

        Api.Reply funded = investment.post("/tranches/amazon-t1/funding", funding,
                bearer(LocalIssuer.in(KEYS).investor("Amazon")));
        assertEquals(200, funded.status(), funded.raw());
        assertEquals("FUNDED", funded.body().path("state").asText(), funded.raw());

        await("compute-service releases 0.6 GW", () -> {
            BigDecimal released = releasedGw(apis.get(Service.COMPUTE).get("/capacity"));
            return released.compareTo(new BigDecimal("0.600")) == 0 ? null : "released " + released + " GW";
        });
        await("distribution-service allows Frontier on AWS", () -> {
            JsonNode answer = apis.get(Service.DISTRIBUTION).get(Api.query("/entitlements",
                    Map.of("product", "FRONTIER", "cloud", "AWS", "mode", "STATEFUL")));
            return answer.path("allowed").asBoolean() ? null : answer.toString();
        });
    }

    /**
     * The images log one JSON object a line (their QUARKUS_LOG_CONSOLE_JSON_ENABLED): every line of each container's
     * stdout, from its first log record on, is an object with a level and a message, one of them the start's "Listening
     * on"; and the line investment-service wrote while it handled the funding request carries that request's trace id
     * in its mdc.
     */
    @Test
    @Order(5)
    void everyImageLogsOneJsonObjectALineAndARequestsLinesCarryItsTraceId() {
        for (Service s : Service.values()) {
            List<JsonNode> records = logRecords(s);
            assertTrue(records.stream().anyMatch(r -> r.path("message").asText().contains("Listening on")),
                    s.module() + " logged no start line: " + records.size() + " records");
        }
        JsonNode funded = logRecords(Service.INVESTMENT).stream()
                .filter(r -> r.path("message").asText().contains("tranche=amazon-t1 ")
                        && r.path("message").asText().contains("state=FUNDED"))
                .findFirst().orElseThrow(() -> new AssertionError("investment-service logged no line of amazon-t1's "
                        + "funding"));
        String traceId = funded.path("mdc").path("traceId").asText();
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.matches("0+"), "the funding request's trace id in the "
                + "line's mdc: " + funded);
    }

    /** A container's stdout as log records: every line from the first JSON one on must be a JSON object. */
    private List<JsonNode> logRecords(Service s) {
        List<String> lines = containers.get(s).getLogs(OutputFrame.OutputType.STDOUT).lines()
                .filter(l -> !l.isBlank()).toList();
        int first = 0;
        while (first < lines.size() && !lines.get(first).startsWith("{")) {
            first++;
        }
        assertTrue(first < lines.size(), s.module() + " wrote no JSON line: " + lines.stream().limit(5).toList());
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines.subList(first, lines.size())) {
            JsonNode record;
            try {
                record = Api.JSON.readTree(line);
            } catch (IOException e) {
                return fail(s.module() + " wrote a line that is no JSON: " + line);
            }
            assertTrue(record.isObject() && record.path("level").isTextual() && record.path("message").isTextual(),
                    s.module() + " wrote a line without level or message: " + line);
            records.add(record);
        }
        return records;
    }

    /** Ready (the database; the broker is in /q/health, not in readiness), live, and running as the image's user 185. */
    private void checkHealthAndUser(Service s) throws Exception {
        Api api = apis.get(s);
        await(s.module() + " ready", () -> {
            Api.Reply ready = api.getReply("/q/health/ready");
            return ready.status() == 200 ? null : ready.status() + " " + ready.raw();
        });
        JsonNode ready = api.get("/q/health/ready");
        assertEquals("UP", ready.path("status").asText(), ready.toString());
        List<String> checks = new ArrayList<>();
        ready.path("checks").forEach(c -> checks.add(c.path("name").asText()));
        assertTrue(checks.stream().noneMatch(n -> n.contains("Kafka")), "no Kafka check in readiness: " + checks);
        assertTrue(checks.stream().anyMatch(n -> n.contains("Database")), "a database check in " + checks);
        JsonNode all = api.get("/q/health");
        List<String> up = new ArrayList<>();
        all.path("checks").forEach(c -> up.add(c.path("name").asText() + " " + c.path("status").asText()));
        assertTrue(up.contains("Kafka broker UP"), "the broker in /q/health: " + up);
        assertEquals(200, api.getReply("/q/health/live").status(), "/q/health/live");
        ExecResult id = containers.get(s).execInContainer("id", "-u");
        assertEquals("185", id.getStdout().trim(), "the user the image runs as");
        // the public key where the variable points, readable by that user, on a read-only mount
        ExecResult key = containers.get(s).execInContainer("cat", KEY_MOUNT);
        assertEquals(Files.readString(KEYS.resolve(LocalIssuer.PUBLIC_KEY)), key.getStdout(), s.module() + "'s "
                + KEY_MOUNT + ": " + key.getStderr());
        String mount = containers.get(s).execInContainer("cat", "/proc/mounts").getStdout().lines()
                .filter(l -> l.split(" ")[1].equals(KEY_MOUNT)).findFirst().orElse("none");
        assertTrue(mount.split(" ").length > 3 && mount.split(" ")[3].startsWith("ro,"), s.module() + " mounts "
                + KEY_MOUNT + " read-only: " + mount);
        // the JVM unmaps a cache it refuses: mapped means the start used the one the image made
        Path cache = Path.of("/deployments", ServiceNode.AOT_CACHE);
        ExecResult maps = containers.get(s).execInContainer("cat", "/proc/1/maps");
        assertTrue(ServiceNode.maps(maps.getStdout(), cache), "the image's AOT cache " + cache + " is in use: "
                + maps.getStderr());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String image(Service s) {
        return "dealstream/" + s.module() + ":" + VERSION;
    }

    private static BigDecimal releasedGw(JsonNode capacity) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode c : capacity.path("commitments")) {
            total = total.add(c.path("releasedGw").decimalValue());
        }
        return total;
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return fail("no " + field + "=" + value + " in " + array);
    }

    private static void assertMoney(String expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + " is not a number: " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), what + ": " + actual);
    }

    /** Polls until the check answers null (done); fails with its last answer after {@link #SETTLE}. */
    private static void await(String what, Supplier<String> check) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last;
        while (true) {
            try {
                last = check.get();
            } catch (Api.ApiException e) {
                last = e.getMessage();
            }
            if (last == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + SETTLE.toSeconds() + " s; last: " + last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}

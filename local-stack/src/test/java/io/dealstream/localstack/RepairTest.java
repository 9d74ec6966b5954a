package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.dealstream.launch.DemoTokens;
import io.dealstream.launch.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code make redrive} and {@code make rebuild} against an HTTP server that answers as compute-service's
 * {@code /funding-view/redrive|rebuild} do (their reports are driven for real by compute-service's ViewRepairTest):
 * the request it sends, the lines it prints and its exit code.
 */
class RepairTest {

    static final String TOKEN = "admin.token";

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String body;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aReDrivePrintsWhatWentThroughAndWhatFailedAgainALinePerRecord() {
        body = """
                {"topic":"compute.tranche-events.dlq","read":3,"applied":2,"failedAgain":1,"records":[
                 {"position":"investment.tranche-events-0@13","ceId":"e-0","roundId":"r-1","trancheId":null,
                  "outcome":"APPLIED","reason":null},
                 {"position":"investment.tranche-events-0@14","ceId":"e-1","roundId":"r-1","trancheId":"t-1",
                  "outcome":"APPLIED","reason":null},
                 {"position":"investment.tranche-events-0@16","ceId":"e-3","roundId":"r-1","trancheId":"t-2","outcome":"REFUSED",
                  "reason":"VERSION_GAP: version 3 of tranche 't-2' is not the next one"}],"nextOffsets":{"0":9}}""";
        Result result = run("redrive");
        assertEquals(0, result.exit());
        assertEquals(List.of("POST /funding-view/redrive Bearer " + TOKEN), requests);
        assertEquals("""
                compute-service: re-drove 3 records of compute.tranche-events.dlq: 2 went through, 1 failed again
                  investment.tranche-events-0@13 ce_id=e-0 round=r-1 APPLIED
                  investment.tranche-events-0@14 ce_id=e-1 round=r-1 tranche=t-1 APPLIED
                  investment.tranche-events-0@16 ce_id=e-3 round=r-1 tranche=t-2 REFUSED: VERSION_GAP: version 3 of tranche 't-2' is not the next one
                """, result.out());
    }

    @Test
    void aRebuildPrintsWhatTheReplayDidAndEachRecordItRefused() {
        body = """
                {"topic":"investment.tranche-events","replayed":6,"rounds":1,"tranches":2,"outcomes":{"APPLIED":5,"REFUSED":1},
                 "refused":[{"position":"investment.tranche-events-1@3","ceId":"f-1","roundId":"r-1","trancheId":"t-9",
                  "outcome":"REFUSED",
                  "reason":"VERSION_GAP: version 9223372036854775807 of tranche 't-9' is not the next one"}]}""";
        Result result = run("rebuild");
        assertEquals(0, result.exit());
        assertEquals(List.of("POST /funding-view/rebuild Bearer " + TOKEN), requests);
        assertEquals("""
                compute-service: rebuilt its funding view from 6 records of investment.tranche-events: 1 rounds, 2 tranches, outcomes {"APPLIED":5,"REFUSED":1}, 1 refused
                  investment.tranche-events-1@3 ce_id=f-1 round=r-1 tranche=t-9 REFUSED: VERSION_GAP: version 9223372036854775807 of tranche 't-9' is not the next one
                """, result.out());
    }

    @Test
    void aRepairTheServiceCannotDoExitsOneWithItsProblemDetail() {
        status = 503;
        body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"the rebuild rolled back, the view is as it was: broker gone\"}";
        Result result = run("rebuild");
        assertEquals(1, result.exit());
        assertEquals("compute-service: rebuild failed with 503: the rebuild rolled back, the view is as it was: broker"
                + " gone\n", result.out());
    }

    @Test
    void onlyComputeAndDistributionKeepAViewToRepair() {
        assertEquals(Service.COMPUTE, Repair.viewKeeper("compute"));
        assertEquals(Service.DISTRIBUTION, Repair.viewKeeper("distribution-service"));
        assertEquals("SERVICE=investment keeps no funding view: use compute or distribution",
                assertThrows(IllegalArgumentException.class, () -> Repair.viewKeeper("investment")).getMessage());
        assertEquals("SERVICE is missing: SERVICE=compute or SERVICE=distribution",
                assertThrows(IllegalArgumentException.class, () -> Repair.viewKeeper(" ")).getMessage());
        assertEquals("unknown service 'console': use investment, compute or distribution",
                assertThrows(IllegalArgumentException.class, () -> Repair.viewKeeper("console")).getMessage());
    }

    @Test
    void withoutATokenNothingIsSent() {
        assertEquals("no token for the deal's administrator: set DEAL_ADMIN_TOKEN or make the key pair (make up does)",
                assertThrows(IllegalArgumentException.class, () -> Repair.run("redrive", Service.COMPUTE, url(), null,
                        new PrintStream(new ByteArrayOutputStream()))).getMessage());
        assertEquals(List.of(), requests);
    }

    record Result(int exit, String out) {
    }

    private Result run(String repair) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoTokens tokens = DemoTokens.given(Map.of(DemoTokens.ADMIN_VARIABLE, TOKEN)::get);
        int exit = Repair.run(repair, Service.COMPUTE, url(), tokens, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

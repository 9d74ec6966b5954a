package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceRoutesTest {

    @Test
    void theRoutesOfAPackageAreItsResourceMethodsWithTheirFullPaths() {
        assertEquals(List.of("GET /tranches", "POST /tranches/{id}/funding"),
                ResourceRoutes.under("io.dealstream.testsupport.routes"));
    }

    @Test
    void pathsJoinWithOneSlashAndNoTrailingOne() {
        assertEquals("/funding-view/tranches/{id}", ResourceRoutes.join("/funding-view/", "/tranches/{id}/"));
        assertEquals("/rounds", ResourceRoutes.join("rounds", ""));
        assertEquals("/", ResourceRoutes.join("/", ""));
    }
}

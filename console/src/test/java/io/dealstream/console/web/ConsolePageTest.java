package io.dealstream.console.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page as the console serves it, under the Content-Security-Policy it is served with: everything it loads is the
 * console's own, and it has nothing inline the policy would block (a script, a style, an event handler attribute).
 * The console runs alone here (no services, no broker); ConsoleBrowserIT (system-test) runs the page in Chromium.
 */
@QuarkusTest
class ConsolePageTest {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Test
    void thePageIsServedWithItsPolicyAndLoadsOnlyTheConsolesOwnScriptAndStyles() {
        Response page = given().get("/").then().statusCode(200).contentType(startsWith("text/html")).extract()
                .response();
        assertSecurityHeaders(page);
        String html = page.asString();

        List<String> loaded = matches(html, "<(?:script|link)\\b[^>]*\\b(?:src|href)=\"([^\"]+)\"");
        assertEquals(List.of("console.css", "console.js"), loaded);
        for (String source : loaded) {
            assertNull(URI.create(source).getHost(), source);
            Response asset = given().get("/" + source).then().statusCode(200).extract().response();
            assertSecurityHeaders(asset);
        }
        assertEquals(List.of(), matches(html, "<script\\b(?![^>]*\\bsrc=)[^>]*>"), "inline scripts");
        assertEquals(List.of(), matches(html, "\\s(on[a-z]+)\\s*="), "inline event handlers");
        assertEquals(List.of(), matches(html, "(<style\\b|\\sstyle\\s*=)"), "inline styles");
    }

    @Test
    void theScriptTalksToTheConsoleAloneAndBuildsNoMarkupFromText() {
        String script = given().get("/console.js").then().statusCode(200).extract().asString();
        assertEquals(List.of("console/stream"), matches(script, "new EventSource\\('([^']+)'\\)"));
        assertFalse(script.matches("(?s).*\\b(fetch|XMLHttpRequest|WebSocket)\\b.*"), "connects elsewhere");
        assertFalse(script.matches("(?s).*(innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|"
                + "new Function|setAttribute\\('style').*"), "markup or code from text, or an inline style");
    }

    @Test
    void theFeedAndTheStateCarryTheHeadersToo() {
        Response state = given().get("/console/state").then().statusCode(200).contentType(startsWith(
                "application/json")).extract().response();
        assertSecurityHeaders(state);
        assertTrue(state.asString().startsWith("["), state.asString());
    }

    private static void assertSecurityHeaders(Response answer) {
        assertEquals(POLICY, answer.header("Content-Security-Policy"));
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("DENY", answer.header("X-Frame-Options"));
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group());
        }
        return found;
    }
}

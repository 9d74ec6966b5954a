package io.dealstream.platform.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void plainTextIsLoggedAsItIs() {
        String id = "amazon-t1 Series C Preferred (€, ü, 日本)";
        assertSame(id, LogSafe.of(id));
        assertEquals("42", LogSafe.of(42));
        assertEquals("null", LogSafe.of(null));
    }

    @Test
    void lineBreaksAndTabsAreWrittenAsTheirEscapes() {
        assertEquals("x\\r\\nFORGED 12:00 INFO all is well", LogSafe.of("x\r\nFORGED 12:00 INFO all is well"));
        assertEquals("a\\nb\\tc\\rd", LogSafe.of("a\nb\tc\rd"));
    }

    @Test
    void everyOtherControlCharacterAndTheUnicodeSeparatorsAreWrittenAsUnicodeEscapes() {
        assertEquals("\\u0000\\u001B[31m\\u007F\\u0085\\u009F\\u2028\\u2029",
                LogSafe.of("\u0000\u001B[31m\u007F\u0085\u009F\u2028\u2029"));
    }

    @Test
    void aBackslashIsDoubledSoThatAnEscapeInTheLogAlwaysMeansTheCharacter() {
        assertEquals("typed \\\\r\\\\n, sent \\r\\n", LogSafe.of("typed \\r\\n, sent \r\n"));
    }

    @Test
    void controlCharactersAreC0DelAndC1() {
        for (char c : List.of('\u0000', '\t', '\n', '\r', '\u001F', '\u007F', '\u0080', '\u009F')) {
            assertTrue(LogSafe.isControl(c), Integer.toHexString(c));
        }
        for (char c : List.of(' ', '~', '\u00A0', '\u00E9', '\u2028')) {
            assertFalse(LogSafe.isControl(c), Integer.toHexString(c));
        }
    }

    @Test
    void aFailurePrintsItsStackWithEveryMessageEscaped() {
        RuntimeException cause = new RuntimeException("For input string: \"1\nFORGED cause\"");
        IllegalArgumentException failure = new IllegalArgumentException("no tranche 'x\r\nFORGED'", cause);
        failure.addSuppressed(new IllegalStateException("suppressed\nFORGED"));

        Throwable safe = LogSafe.failure(failure);
        String printed = printed(safe);

        assertEquals("java.lang.IllegalArgumentException: no tranche 'x\\r\\nFORGED'", safe.toString());
        assertEquals("java.lang.RuntimeException: For input string: \"1\\nFORGED cause\"", safe.getCause().toString());
        assertEquals("java.lang.IllegalStateException: suppressed\\nFORGED", safe.getSuppressed()[0].toString());
        assertEquals(failure.getStackTrace()[0], safe.getStackTrace()[0], "the original's stack");
        assertEquals(printed(failure).lines().count() - 3, printed.lines().count(),
                "the original's lines but for the three line breaks in its messages");
        assertTrue(printed.lines().noneMatch(line -> line.startsWith("FORGED")), printed);
    }

    @Test
    void aFailureWhoseCausesLoopIsPrintedOnce() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        Throwable safe = LogSafe.failure(a);
        assertEquals("java.lang.RuntimeException: b", safe.getCause().toString());
        assertNull(safe.getCause().getCause());
        assertNull(LogSafe.failure(null));
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void theNextTargetKeepsTheFiltersInTheOrderSentAndPutsLimitAndAfterLast() {
        assertEquals("/tranches?state=FUNDED&investor=Amazon&limit=3&after=amazon-t1",
                Paging.nextTarget("/tranches", "state=FUNDED&investor=Amazon", 3, "amazon-t1"));
        assertEquals("/tranches?investor=Amazon&state=funded&limit=3&after=p-6",
                Paging.nextTarget("/tranches", "limit=3&investor=Amazon&after=p-3&state=funded", 3, "p-6"));
    }

    @Test
    void aRequestWithoutQueryOrLimitGetsTheLimitItWasReadWith() {
        assertEquals("/rounds?limit=100&after=openai-2026", Paging.nextTarget("/rounds", null, 100, "openai-2026"));
        assertEquals("/rounds?limit=100&after=openai-2026", Paging.nextTarget("/rounds", "", 100, "openai-2026"));
    }

    @Test
    void theTargetIsRelativeAndReadsAsTheServerReadTheRequest() {
        // '+' and %20 are both a space, re-encoded one way; UTF-8 escapes are kept as bytes
        assertEquals("/rights?holder=Zo%C3%AB%20Ltd.&limit=2&after=r-2",
                Paging.nextTarget("/rights", "holder=Zo%C3%AB+Ltd.", 2, "r-2"));
        assertEquals("/rights?holder=Zo%C3%AB%20Ltd.&limit=2&after=r-2",
                Paging.nextTarget("/rights", "holder=Zo%c3%ab%20Ltd.", 2, "r-2"));
        // a parameter without '=' is an empty value, as JAX-RS reads it; empty pairs are dropped
        assertEquals("/rights?status=&limit=2&after=r-2", Paging.nextTarget("/rights", "status&&", 2, "r-2"));
    }

    @Test
    void nothingThatWouldEndTheLinkOrBreakTheHeaderStaysUnencoded() {
        String target = Paging.nextTarget("/tranches/a b>c/events", "investor=%3E%22%3C%2C%3B+x&x=%E2%80%A8", 2,
                "a&b=c");
        assertEquals("/tranches/a%20b%3Ec/events?investor=%3E%22%3C%2C%3B%20x&x=%E2%80%A8&limit=2&after=a%26b%3Dc",
                target);
        for (char c : target.toCharArray()) {
            assertEquals(true, c > 0x20 && c < 0x7f && "<>\"\\ ".indexOf(c) < 0, "character " + c);
        }
        assertEquals("</tranches?limit=3&after=t-3>; rel=\"next\"", Paging.nextLink("/tranches?limit=3&after=t-3"));
    }

    @Test
    void aMalformedEscapeIsKeptAsItIs() {
        assertEquals("%zz", Paging.decode("%zz"));
        assertEquals("a%", Paging.decode("a%"));
        assertEquals("%2", Paging.decode("%2"));
        assertEquals("日本", Paging.decode("日本"));
    }

    @Test
    void aPageOfMoreRowsThanItsLimitNamesItsLastItemAsTheNextAfter() {
        Page<String> first = Page.of(List.of("a", "b", "c", "d"), 3, s -> "key-" + s);
        assertEquals(List.of("a", "b", "c"), first.items());
        assertEquals("key-c", first.nextAfter());
        assertEquals(3, first.limit());

        Page<String> last = Page.of(List.of("d", "e", "f"), 3, s -> "key-" + s);
        assertEquals(List.of("d", "e", "f"), last.items());
        assertEquals(null, last.nextAfter());
        assertEquals(null, Page.of(List.<String>of(), 3, s -> s).nextAfter());

        Page<Integer> shown = first.map(String::length);
        assertEquals(List.of(1, 1, 1), shown.items());
        assertEquals("key-c", shown.nextAfter());
    }
}
